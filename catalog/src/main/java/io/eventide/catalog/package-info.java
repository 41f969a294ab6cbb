/**
 * The deployment catalog: what is deployed and what it serves, kept as data in the store, so that
 * gateways and dispatchers never load user code. Only runtime workers load jars: they check a jar
 * before it is deployed and load the stored ones to run them.
 *
 * <ul>
 *   <li>{@link io.eventide.catalog.DeploymentCatalog}: records, versions and jar parts in the
 *       store, with the function types and source settings each deployment registers;
 *   <li>{@link io.eventide.catalog.CatalogDeployments}: the deploy API over the catalog, with a
 *       {@link io.eventide.catalog.JarValidator} (a worker) checking each new jar;
 *   <li>{@link io.eventide.catalog.Deployments}, {@link io.eventide.catalog.DeploymentInfo}, {@link
 *       io.eventide.catalog.DeploymentException}: what the gateway's HTTP API answers with.
 * </ul>
 *
 * Wiring in a gateway, where {@code workers} is the {@link io.eventide.catalog.JarValidator} of the
 * process: the dispatcher's {@code WorkerDeploymentCheck} in a cluster, the node's own {@code
 * StoreDeployments} in standalone mode; both live in modules built on this one, so the example
 * takes it as given.
 *
 * <pre>{@code
 * DeploymentCatalog catalog = new DeploymentCatalog(store, keyspace);
 * Deployments deployments = new CatalogDeployments(catalog, workers, System::currentTimeMillis);
 * }</pre>
 */
package io.eventide.catalog;
