package io.jobqueue.tasks;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the store's transactions: its connection, the time it stamps rows with, and what to do once it has
 * committed (listeners, publishing). Work that runs again after a transient failure gets a fresh one.
 */
final class Transaction {
    private final Connection connection;
    private final long now;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Transaction(Connection connection, long now) {
        this.connection = connection;
        this.now = now;
    }

    Connection connection() {
        return connection;
    }

    /** Epoch milliseconds from the store's clock, the same for every row this transaction writes. */
    long now() {
        return now;
    }

    /** Runs {@code action} after the commit, never if the transaction rolls back. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }
}
