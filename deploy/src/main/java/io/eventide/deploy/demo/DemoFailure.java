package io.eventide.deploy.demo;

/** A demo step did not see what it expected; the message says what. */
final class DemoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message);
  }
}
