package io.eventide.deploy.client;

/** A node answered with a non-2xx status; carries the answer for the caller to show. */
public final class NodeAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient HttpAnswer answer;

  public NodeAnswerException(String what, HttpAnswer answer) {
    super(what + " failed: HTTP " + answer.status() + " " + answer.text().strip());
    this.answer = answer;
  }

  /** The answer that was not a 2xx. */
  public HttpAnswer answer() {
    return answer;
  }
}
