package io.homeostat.runtime.provider;

/** A validated action from a provider's catalogue, ready to apply. Implementations are immutable records. */
public interface TypedAction {

    /** The catalogue name, {@code <type>/<Action>}. */
    String name();
}
