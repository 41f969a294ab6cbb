package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.JarValidator;
import io.eventide.protocol.DeploymentCheckGrpc;
import io.eventide.protocol.DeploymentCheckReply;
import io.eventide.protocol.DeploymentCheckRequest;
import io.eventide.protocol.DeploymentRefusal;
import io.eventide.protocol.Registrations;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's answers to a gateway's deployment check, over in-process gRPC. */
class DeploymentCheckServiceTest {
  private static final Registrations COUNTER =
      Registrations.newBuilder().addFunctions("acme/counter").build();

  private Server server;
  private ManagedChannel channel;
  private DeploymentCheckService service;

  private DeploymentCheckReply check(JarValidator validator) throws IOException {
    service = new DeploymentCheckService(validator);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return DeploymentCheckGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(
            DeploymentCheckRequest.newBuilder()
                .setDeploymentId("d-1")
                .setJar(ByteString.copyFromUtf8("PK"))
                .build());
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    service.close();
  }

  @Test
  void aJarThatLoadsIsAnsweredWithWhatItRegisters() throws IOException {
    DeploymentCheckReply reply =
        check(
            (id, jar) -> {
              assertThat(id).isEqualTo("d-1");
              assertThat(jar).containsExactly('P', 'K');
              return COUNTER;
            });

    assertThat(reply.getAccepted()).isEqualTo(COUNTER);
  }

  @Test
  void aRefusedJarIsAnAnswerWithTheCodeAndMessageAsTheNodeGivesThem() throws Exception {
    DeploymentCheckReply invalid =
        check(
            (id, jar) -> {
              throw new DeploymentException(
                  Code.INVALID_JAR,
                  "loading the jar's modules failed: IllegalStateException: boom");
            });
    assertThat(invalid.getRefused().getCode()).isEqualTo(DeploymentRefusal.Code.INVALID_JAR);
    assertThat(invalid.getRefused().getMessage())
        .isEqualTo("loading the jar's modules failed: IllegalStateException: boom");
    stop();

    DeploymentCheckReply bomb =
        check(
            (id, jar) -> {
              throw new DeploymentException(Code.TOO_LARGE, "the jar has more than 100000 entries");
            });
    assertThat(bomb.getRefused().getCode()).isEqualTo(DeploymentRefusal.Code.TOO_LARGE);
  }

  @Test
  void aWorkerThatFailsItselfAnswersAnErrorSoThatTheGatewayAsksAnother() {
    assertThatThrownBy(
            () ->
                check(
                    (id, jar) -> {
                      throw new IllegalStateException("no space left on device");
                    }))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL))
        .hasMessageContaining("no space left on device");
  }
}
