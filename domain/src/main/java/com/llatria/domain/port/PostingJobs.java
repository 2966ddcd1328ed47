package com.llatria.domain.port;

import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The posting rows as a durable job queue. A job is a posting whose work is due; claiming it
 * takes a lease for one worker, so several server instances never run the same job at once. A
 * worker that dies leaves its lease to expire, and the job is claimed again.
 */
public interface PostingJobs {
    /** Leases up to {@code limit} due, unleased (or lease-expired) postings to {@code worker} until {@code leaseUntil}. */
    List<PlatformPosting> claim(String worker, Instant now, Instant leaseUntil, int limit);

    /**
     * Extends the worker's lease to {@code until} while its job runs (a heartbeat), if it still
     * holds it. Returns whether it did.
     */
    boolean renew(PostingId id, String worker, Instant until);

    /** Ends the worker's lease on the posting, if it still holds it. Returns whether it did. */
    boolean release(PostingId id, String worker);

    /**
     * The posting as stored, if {@code worker} still holds its lease (nobody claimed the job
     * after it expired); locked until the transaction ends. Call inside the transaction that
     * writes the job's result, after the owner's write lock.
     */
    Optional<PlatformPosting> leased(PostingId id, String worker);

    /** The earliest due time among unleased jobs, to sleep until. */
    Optional<Instant> nextDue();
}
