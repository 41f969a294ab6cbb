/**
 * How a host runs handlers: the scope one invocation's handlers run in, the effects they leave, the
 * window operator. The platform's workers and the SDK's own test driver are its two hosts, so that
 * a handler behaves the same under both. Not for function authors, and not stable: it changes with
 * the platform, without notice.
 *
 * <pre>{@code
 * HandlerScope scope = new HandlerScope(self, declaredSpecs, persistedValues);
 * scope.apply(function, message, Optional.empty(), watermark);   // then read scope.effects()
 * }</pre>
 */
package io.eventide.sdk.runtime;
