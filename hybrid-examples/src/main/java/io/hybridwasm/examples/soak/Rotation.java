package io.hybridwasm.examples.soak;

/**
 * What happens to the client side once per restart period; the choices exist to tell a leak
 * of token rotation from a leak of node churn.
 */
public enum Rotation {
    /** New nodes presenting the next token (the production case). */
    TOKEN,
    /** New nodes with the same token: node churn without a token change. */
    NODES,
    /** Nothing: the same nodes and token throughout. */
    NONE
}
