package dev.parley.app;

/** This node could not join its cluster; the message is one line for the operator, without any password. */
final class ClusterStartException extends Exception {
    ClusterStartException(String message) {
        super(message);
    }
}
