package com.llatria.adapters.persistence.postgres;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * First come, first served in front of a connection pool: at most {@code permits} holders, the
 * others wait in arrival order and each is woken alone when its turn comes. While the database is
 * failing (the last holder could not get a connection) nobody waits: the queue is told at once,
 * so an outage costs one pool timeout, not one per place in the queue.
 */
final class ConnectionGate {
    /** Why a caller was not let through. */
    enum Refusal { TIMED_OUT, DATABASE_FAILING }

    private final int permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int holders;
    private volatile boolean failing;

    private static final class Waiter {
        final Condition turn;
        boolean admitted;
        boolean refused;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    ConnectionGate(int permits) {
        if (permits < 1) throw new IllegalArgumentException("permits must be positive");
        this.permits = permits;
    }

    /** Waits for a turn; null once admitted (call {@link #leave} afterwards), otherwise why not. */
    Refusal enter(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (queue.isEmpty() && holders < permits) {
                holders++;
                return null;
            }
            if (failing) return Refusal.DATABASE_FAILING;
            Waiter me = new Waiter(lock.newCondition());
            queue.addLast(me);
            long left = unit.toNanos(timeout);
            try {
                while (!me.admitted && !me.refused) {
                    if (left <= 0) {
                        queue.remove(me);
                        return Refusal.TIMED_OUT;
                    }
                    left = me.turn.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (me.admitted) leaveLocked();
                else queue.remove(me);
                throw e;
            }
            return me.admitted ? null : Refusal.DATABASE_FAILING;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the turn to the longest waiter, or back to the gate. */
    void leave() {
        lock.lock();
        try {
            leaveLocked();
        } finally {
            lock.unlock();
        }
    }

    private void leaveLocked() {
        Waiter next = queue.pollFirst();
        if (next == null) {
            holders--;
        } else {
            next.admitted = true; // the holder's place passes straight on: nobody can barge in between
            next.turn.signal();
        }
    }

    /** The holder could not get a connection: everyone waiting is told now, and newcomers until one succeeds. */
    void failing() {
        lock.lock();
        try {
            failing = true;
            for (Waiter w : queue) {
                w.refused = true;
                w.turn.signal();
            }
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    /** A holder got a connection: the database answers again. */
    void answering() {
        if (!failing) return; // read without the lock: a stale true only costs one lock below
        lock.lock();
        try {
            failing = false;
        } finally {
            lock.unlock();
        }
    }
}
