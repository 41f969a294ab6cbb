/**
 * Shared by the platform and the test driver; not for function authors, and not stable.
 *
 * <pre>{@code
 * HandlerScope scope = new HandlerScope(self, declaredSpecs, persistedValues);
 * scope.apply(function, message, Optional.empty(), watermark);   // then read scope.effects()
 * }</pre>
 */
package io.eventide.sdk.internal;
