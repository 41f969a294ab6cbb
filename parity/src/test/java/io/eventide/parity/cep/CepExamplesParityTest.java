package io.eventide.parity.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented examples of Flink CEP (contiguity, looping, skip strategies, greedy) on fixed
 * streams through both engines: Flink's output, order included, is what the SDK's own tests ({@code
 * io.eventide.sdk.cep.*Test}) expect, and Eventide's must equal it.
 */
class CepExamplesParityTest {
  static final Map<CepCase, String> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put(
        CepCase.begin("start", "c")
            .followedBy("middle", "a", "oneOrMore")
            .followedBy("end1", "b")
            .build("looping-relaxed", 0, "noSkip"),
        "c d a a a d a b");
    EXAMPLES.put(
        CepCase.begin("start", "c")
            .followedBy("middle", "a", "oneOrMore", "consecutive")
            .followedBy("end1", "b")
            .build("looping-consecutive", 0, "noSkip"),
        "c d a a a d a b");
    EXAMPLES.put(
        CepCase.begin("start", "c")
            .followedBy("middle", "a", "oneOrMore", "allowCombinations")
            .followedBy("end1", "b")
            .build("looping-combinations", 0, "noSkip"),
        "c d a a a d a b");
    for (String skip : List.of("noSkip", "skipToNext", "skipPastLastEvent", "first:b", "last:b")) {
      EXAMPLES.put(
          CepCase.begin("b", "b", "oneOrMore").next("c", "c").build("b+c-" + skip, 0, skip),
          "b b b c");
    }
    for (String skip : List.of("noSkip", "skipToNext")) {
      EXAMPLES.put(
          CepCase.begin("a", "a").followedBy("b", "b", "oneOrMore").build("ab+-" + skip, 0, skip),
          "a b b b");
    }
    EXAMPLES.put(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:1:3")
            .followedBy("c", "bc")
            .build("reluctant", 0, "noSkip"),
        "a b b c");
    EXAMPLES.put(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:1:3", "greedy")
            .followedBy("c", "bc")
            .build("greedy", 0, "noSkip"),
        "a b b c");
    EXAMPLES.put(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "until:c")
            .followedBy("c", "bc")
            .build("until", 0, "noSkip"),
        "a b b c b c");
    EXAMPLES.put(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "optional")
            .followedBy("c", "c")
            .build("optional", 0, "noSkip"),
        "a b c");
    EXAMPLES.put(
        CepCase.begin("a", "a").notNext("n", "d").build("notNext-end", 0, "noSkip"), "a d a b");
    EXAMPLES.put(
        CepCase.begin("a", "a")
            .notFollowedBy("n", "d")
            .followedBy("b", "b")
            .build("notFollowedBy", 0, "noSkip"),
        "a a d b a b");
    EXAMPLES.put(
        CepCase.begin("a", "a").followedBy("b", "b").build("within", 5, "noSkip"),
        "a b@3 a@10 b@20");
  }

  /** A stream of one key from {@code kind} or {@code kind@time} words, times by default 1, 2... */
  static List<CepStream.Timed> stream(String words) {
    List<CepStream.Timed> stream = new ArrayList<>();
    int i = 0;
    for (String word : words.split(" ")) {
      int at = word.indexOf('@');
      long time = at < 0 ? i + 1 : Long.parseLong(word.substring(at + 1));
      stream.add(new CepStream.Timed("k:" + word.charAt(0) + i, time));
      i++;
    }
    return stream;
  }

  @Test
  void theDocumentedExamplesMatchFlinksOutputInOrder() throws Exception {
    Map<CepCase, List<CepStream.Timed>> streams = new LinkedHashMap<>();
    EXAMPLES.forEach((c, words) -> streams.put(c, stream(words)));
    Map<String, List<String>> flink = FlinkCep.run(streams);
    for (Map.Entry<CepCase, List<CepStream.Timed>> entry : streams.entrySet()) {
      CepCase c = entry.getKey();
      List<String> expected = flink.get(c.id());
      System.out.printf("%-24s %s%n", c.id(), expected);
      assertThat(CepParityTest.byKeyAndKind(EventideCep.run(c, entry.getValue())))
          .as("case %s", c.id())
          .isEqualTo(CepParityTest.byKeyAndKind(expected));
    }
  }
}
