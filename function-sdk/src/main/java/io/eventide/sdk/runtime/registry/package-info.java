/**
 * The registration rules a module's {@code configure} is held to, shared by the platform's workers
 * and the test driver, so that a module the driver accepts is one a deployment accepts. Not for
 * function authors, and not stable.
 */
package io.eventide.sdk.runtime.registry;
