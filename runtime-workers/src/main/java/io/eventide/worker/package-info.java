/**
 * The runtime worker: the only process that loads deployed function jars; it checks new jars for
 * the gateways and runs invocation batches for the dispatchers.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link io.eventide.worker.StoreDeployments} — the deployments of the catalog ({@link
 *       io.eventide.catalog.DeploymentCatalog}), each jar loaded in its own child-first class
 *       loader; also the {@link io.eventide.worker.api.FunctionLookup} the runtime uses and the
 *       {@link io.eventide.catalog.JarValidator} that checks a jar before it is deployed;
 *   <li>{@link io.eventide.worker.FunctionRuntimeService} — the {@code FunctionRuntime} gRPC
 *       service; one Resilience4j thread-pool bulkhead and time limiter per function type;
 *   <li>{@link io.eventide.worker.DeploymentCheckService} — the {@code DeploymentCheck} gRPC
 *       service, through which a cluster's gateways have new jars checked;
 *   <li>{@link io.eventide.worker.api.WorkerConfig} — bulkhead sizes, timeout, jar size limit.
 * </ul>
 *
 * Wiring in one process (standalone mode):
 *
 * <pre>{@code
 * Store store = Stores.rocksdb(dataDir.resolve("store"));
 * WorkerConfig config = WorkerConfig.defaults();
 * DeploymentCatalog catalog = new DeploymentCatalog(store, new Keyspace("default"));
 * StoreDeployments deployments = new StoreDeployments(catalog, config);
 * Deployments api = new CatalogDeployments(catalog, deployments, System::currentTimeMillis);
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meterRegistry);
 * // after api.deploy(...): deployments.refresh() serves the new jar
 * // shutdown: runtime.close(), deployments.close(), catalog.close(), then store.close()
 * }</pre>
 *
 * Everything under {@code io.eventide.worker.internal} is an implementation detail.
 */
package io.eventide.worker;
