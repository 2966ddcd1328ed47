package com.llatria.domain.port;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.List;

/**
 * The schedule of sale checks, one per seller account, as a durable job queue: a claim leases
 * due checks to one worker (several server instances never check one account at once), and a
 * worker that dies leaves its lease to expire.
 */
public interface SaleChecks {
    /**
     * Starts checking the account for sales from {@code from} on, due at {@code from}. An
     * account already watched keeps its place (a reconnection catches up on what it missed).
     */
    void watch(UserId owner, Platform platform, Instant from);

    /** Leases up to {@code limit} due, unleased checks of connected accounts to {@code worker} until {@code leaseUntil}. */
    List<SaleCheck> claim(String worker, Instant now, Instant leaseUntil, int limit);

    /**
     * Stores the check's new state and ends the lease, if {@code worker} still holds it. Returns
     * whether it did. Sales remembered for the account that are older than a platform shows again
     * ({@code forgetBefore}) are forgotten.
     */
    boolean finish(SaleCheck check, String worker, Instant forgetBefore);

    /**
     * Remembers that the account's sale (its order line) was acted on; false when it already was.
     * A platform shows an order again whenever it changes (a return, a refund, shipping, weeks
     * later): only its first sight is a sale. Called in the transaction that acts on it.
     */
    boolean firstSight(UserId owner, Platform platform, PlatformSale sale);

    /** The account's check as stored, for showing its problem. */
    java.util.Optional<SaleCheck> find(UserId owner, Platform platform);
}
