package io.eventide.gateway;

import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The known tokens at one moment: the flag tokens and a tokens file's entries, with unique names
 * and unique tokens.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; a reload builds a new one.
 */
final class Tokens {
  private final List<Client> clients;

  private Tokens(List<Client> clients) {
    this.clients = clients;
  }

  /**
   * The set of {@code clients}.
   *
   * @throws IllegalArgumentException when two share a name or a token (the message names them,
   *     never the token)
   */
  static Tokens of(List<Client> clients) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < clients.size(); i++) {
      Client client = clients.get(i);
      if (!names.add(client.name())) {
        throw new IllegalArgumentException(
            "two tokens are named '"
                + client.name()
                + "' (the --admin-token and --ingress-token flags take the names admin and ingress)");
      }
      for (int j = 0; j < i; j++) {
        if (MessageDigest.isEqual(clients.get(j).digest(), client.digest())) {
          throw new IllegalArgumentException(
              "tokens '"
                  + clients.get(j).name()
                  + "' and '"
                  + client.name()
                  + "' are the same token; each needs its own");
        }
      }
    }
    return new Tokens(List.copyOf(clients));
  }

  int size() {
    return clients.size();
  }

  /**
   * The client whose token has {@code digest}, or null. Every entry is compared, in constant time
   * each, so the answer's timing tells neither which entry matched nor how close a guess came.
   */
  Client find(byte[] digest) {
    Client found = null;
    for (Client client : clients) {
      if (MessageDigest.isEqual(client.digest(), digest)) {
        found = client;
      }
    }
    return found;
  }
}
