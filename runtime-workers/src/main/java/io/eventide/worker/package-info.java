/**
 * The runtime worker: hosts deployed function jars and runs invocation batches.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link io.eventide.worker.StoreDeployments} — {@link io.eventide.worker.Deployments} kept
 *       in the store (jar chunks + a record per deployment), each jar loaded in its own
 *       child-first class loader; also the {@link io.eventide.worker.FunctionLookup} the runtime
 *       uses;
 *   <li>{@link io.eventide.worker.FunctionRuntimeService} — the {@code FunctionRuntime} gRPC
 *       service; one Resilience4j thread-pool bulkhead and time limiter per function type;
 *   <li>{@link io.eventide.worker.WorkerConfig} — bulkhead sizes, timeout, jar size limit.
 * </ul>
 *
 * Wiring in one process (standalone mode):
 *
 * <pre>{@code
 * Store store = Stores.rocksdb(dataDir.resolve("store"));
 * WorkerConfig config = WorkerConfig.defaults();
 * StoreDeployments deployments = new StoreDeployments(store, new Keyspace("default"), config);
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meterRegistry);
 * Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
 * ManagedChannel channel = InProcessChannelBuilder.forName("worker").build();
 * FunctionRuntimeGrpc.FunctionRuntimeStub stub = FunctionRuntimeGrpc.newStub(channel);
 * // shutdown: channel, server, runtime.close(), deployments.close(), then store.close()
 * }</pre>
 *
 * Everything under {@code io.eventide.worker.internal} is an implementation detail.
 */
package io.eventide.worker;
