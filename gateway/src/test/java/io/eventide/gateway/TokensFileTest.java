package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tokens file's format, its checks, and that no message shows a token. */
class TokensFileTest {
  private static List<Client> parse(String json) {
    return TokensFile.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void readsEveryField() {
    List<Client> clients =
        parse(
            "{'tokens':[{'name':'shop-writer','token':'s3cret','role':'ingress',"
                + "'namespaces':['shop'],'types':['billing/invoice'],'rateLimit':'100/s'},"
                + "{'name':'ops','token':'other','role':'admin','rateLimit':'off'},"
                + "{'name':'viewer','token':'third','role':'read'}]}");

    Client writer = clients.get(0);
    assertThat(writer.name()).isEqualTo("shop-writer");
    assertThat(writer.role()).isEqualTo(Role.INGRESS);
    assertThat(writer.digest()).isEqualTo(Client.digest("s3cret"));
    assertThat(writer.scope()).isEqualTo(new Scope(Set.of("shop"), Set.of("billing/invoice")));
    assertThat(writer.rateLimit()).isEqualTo(GatewayConfig.RateLimit.parse("100/s"));
    assertThat(writer.toString()).doesNotContain("s3cret");
    assertThat(clients.get(1).unlimited()).isTrue();
    assertThat(clients.get(2).scope().all()).isTrue();
    assertThat(clients.get(2).rateLimit()).isNull();
    assertThat(parse("{'tokens':[]}")).isEmpty();
  }

  @Test
  void scopesReachTheirNamespacesAndTypes() {
    Scope scope = new Scope(Set.of("shop"), Set.of("billing/invoice"));
    assertThat(scope.reaches("shop", "cart")).isTrue();
    assertThat(scope.reaches("billing", "invoice")).isTrue();
    assertThat(scope.reaches("billing", "refund")).isFalse();
    assertThat(new Scope(Set.of(), Set.of("shop/cart")).reaches("shop", "counter")).isFalse();
    assertThat(Scope.ALL.reaches("any", "thing")).isTrue();
  }

  @Test
  void rolesGuardTheirEndpoints() {
    assertThat(Role.ADMIN.may(Auth.Guard.ADMIN)).isTrue();
    assertThat(Role.ADMIN.may(Auth.Guard.INGRESS)).isTrue();
    assertThat(Role.INGRESS.may(Auth.Guard.INGRESS)).isTrue();
    assertThat(Role.INGRESS.may(Auth.Guard.DATA_READ)).isTrue();
    assertThat(Role.INGRESS.may(Auth.Guard.STATE)).isFalse();
    assertThat(Role.INGRESS.may(Auth.Guard.ADMIN)).isFalse();
    assertThat(Role.READ.may(Auth.Guard.DATA_READ)).isTrue();
    assertThat(Role.READ.may(Auth.Guard.STATE)).isTrue();
    assertThat(Role.READ.may(Auth.Guard.INGRESS)).isFalse();
    assertThat(Role.READ.may(Auth.Guard.ADMIN)).isFalse();
  }

  @Test
  void refusesWhatItCannotUseWithoutShowingTheToken() {
    refused("{'tokens':[{'name':'a','token':s3cret}]}", "not valid JSON (line 1, column ");
    refused("[]", "must be a JSON object {\"tokens\": [...]}");
    refused("{'tokens':[], 'extra':1}", "must be a JSON object");
    refused("", "must be a JSON object");
    refused("{'tokens':[{'token':'s3cret','role':'read'}]}", "tokens[0]: \"name\" must match");
    refused("{'tokens':[{'name':'a b','token':'s3cret','role':'read'}]}", "must match");
    refused("{'tokens':[{'name':'a','role':'read'}]}", "tokens[0] ('a'): \"token\" must be");
    refused("{'tokens':[{'name':'a','token':' s3cret','role':'read'}]}", "leading or trailing");
    refused("{'tokens':[{'name':'a','token':''}]}", "non-empty string");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'root'}]}",
        "tokens[0] ('a'): role 'root' must be one of admin, ingress, read");
    refused("{'tokens':[{'name':'a','token':'s3cret'}]}", "role '(missing)'");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','namespace':['x']}]}",
        "unknown field \"namespace\"");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','namespaces':[]}]}",
        "\"namespaces\" must be a non-empty list");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','namespaces':['a/b']}]}",
        "namespace 'a/b' must match");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','types':['cart']}]}",
        "type name 'cart' must be written namespace/name");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'admin','namespaces':['x']}]}",
        "an admin token reaches everything");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','rateLimit':'lots'}]}",
        "rate limit 'lots' must be");
    refused(
        "{'tokens':[{'name':'a','token':'s3cret','role':'read','rateLimit':5}]}",
        "\"rateLimit\" must be a string");
  }

  @Test
  void namesAndTokensAreUnique() {
    Client a = Client.ofFlag("a", "s3cret", Role.READ);
    assertThatThrownBy(() -> Tokens.of(List.of(a, Client.ofFlag("a", "other", Role.READ))))
        .hasMessageContaining("two tokens are named 'a'");
    assertThatThrownBy(() -> Tokens.of(List.of(a, Client.ofFlag("b", "s3cret", Role.READ))))
        .hasMessageContaining("tokens 'a' and 'b' are the same token")
        .hasMessageNotContaining("s3cret");
    Tokens tokens = Tokens.of(List.of(a, Client.ofFlag("b", "other", Role.ADMIN)));
    assertThat(tokens.find(Client.digest("other")).name()).isEqualTo("b");
    assertThat(tokens.find(Client.digest("s3cret")).name()).isEqualTo("a");
    assertThat(tokens.find(Client.digest("s3cre"))).isNull();
  }
}
