/**
 * The compatibility kit: {@link io.nfvlightvirt.testkit.BackendCompatibilityKit} is the abstract
 * JUnit 5 suite every backend extends and passes against its real engine;
 * {@link io.nfvlightvirt.testkit.EngineRequirement} turns a missing engine into a skip on a
 * developer's machine and a failure in CI.
 */
package io.nfvlightvirt.testkit;
