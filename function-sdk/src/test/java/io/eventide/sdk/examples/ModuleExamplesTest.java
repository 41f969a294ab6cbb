package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of modules, function specs and source specs. */
class ModuleExamplesTest {
  /** What a module registered, as a platform would see it. */
  static final class RecordingRegistry implements FunctionRegistry {
    final List<TypeName> types = new ArrayList<>();
    final List<FunctionSpec> functions = new ArrayList<>();
    final List<SourceSpec> sources = new ArrayList<>();

    @Override
    public void register(
        TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
      types.add(type);
    }

    @Override
    public void register(FunctionSpec spec) {
      functions.add(spec);
    }

    @Override
    public void register(SourceSpec spec) {
      sources.add(spec);
    }
  }

  /** The module of {@code SourceSpec}'s example. */
  static final class ClickSources implements FunctionModule {
    @Override
    // javadoc: SourceSpec
    public void configure(FunctionRegistry registry) {
      registry.register(
          SourceSpec.named("clicks")
              .outOfOrderness(Duration.ofSeconds(2))
              .idleTimeout(Duration.ofSeconds(30))
              .build());
      registry.register(SourceSpec.named("ledger").explicitWatermarks().build());
    }
    // end javadoc
  }

  final RecordingRegistry registry = new RecordingRegistry();

  @Test
  void theOverviewsModuleCounts() {
    FunctionTestDriver driver =
        FunctionTestDriver.of(new io.eventide.sdk.examples.overview.ShopModule());
    Address alice = Address.of("shop", "counter", "alice");
    driver.send(alice, Types.LONG, 2L);

    assertThat(driver.call(alice, Types.LONG, 3L, Types.LONG)).isEqualTo(5L);
  }

  @Test
  void aFunctionSpecCarriesItsStateAndTimeout() {
    FunctionModule shop =
        registry -> {
          // javadoc: FunctionSpec
          registry.register(
              FunctionSpec.builder(TypeName.of("shop", "enricher"))
                  .withSupplier(Enricher::new)
                  .withValueSpecs(Enricher.CACHE)
                  .withHandlerTimeout(Duration.ofSeconds(5))
                  .build());
          // end javadoc
        };
    shop.configure(registry);
    FunctionTestDriver driver = FunctionTestDriver.of(shop);
    Address enricher = Address.of("shop", "enricher", "a");
    driver.send(enricher, Types.STRING, "first");

    assertThat(registry.functions.get(0).handlerTimeout()).contains(Duration.ofSeconds(5));
    assertThat(driver.call(enricher, Types.STRING, "second", Types.STRING)).isEqualTo("first");
  }

  @Test
  void aRegistryTakesFunctionSpecsAndSourceSpecs() {
    // javadoc: FunctionRegistry#register
    registry.register(
        FunctionSpec.builder(TypeName.of("shop", "enricher"))
            .withSupplier(Enricher::new)
            .withHandlerTimeout(Duration.ofSeconds(5))
            .build());
    // end javadoc
    // javadoc: FunctionRegistry#register, SourceSpec.Builder#build
    registry.register(SourceSpec.named("clicks").idleTimeout(Duration.ofSeconds(30)).build());
    // end javadoc

    assertThat(registry.functions.get(0).handlerTimeout()).contains(Duration.ofSeconds(5));
    assertThat(registry.sources.get(0).idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aModuleDeclaresItsSources() {
    new ClickSources().configure(registry);
    FunctionTestDriver.of(new ClickSources()); // the driver checks them, then ignores them

    assertThat(registry.sources).extracting(SourceSpec::name).containsExactly("clicks", "ledger");
    assertThat(registry.sources.get(0).outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(registry.sources.get(0).idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(registry.sources.get(1).explicitWatermarks()).isTrue();
  }

  @Test
  void aSourceSpecIsBuiltInStages() {
    // javadoc: SourceSpec.Builder
    SourceSpec clicks = SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build();
    // end javadoc
    // javadoc: SourceSpec.Builder#outOfOrderness
    SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)); // after t: watermark t - 2001
    // end javadoc
    // javadoc: SourceSpec.Builder#idleTimeout
    SourceSpec.named("sensors").idleTimeout(Duration.ofMinutes(1));
    // end javadoc
    // javadoc: SourceSpec.Builder#explicitWatermarks
    SourceSpec.named("ledger").explicitWatermarks().build();
    // end javadoc

    assertThat(clicks.outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(SourceSpec.named("sensors").idleTimeout(Duration.ofMinutes(1)).build().idleTimeout())
        .isEqualTo(Duration.ofMinutes(1));
  }
}
