package com.llatria.bootstrap;

import com.llatria.adapters.crypto.aesgcm.AesGcmCredentialCipher;
import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.platforms.PlatformHttp;
import com.llatria.adapters.platforms.ebay.EbayAuthorization;
import com.llatria.adapters.platforms.ebay.EbayConfig;
import com.llatria.adapters.platforms.ebay.EbayListingPublisher;
import com.llatria.adapters.platforms.ebay.EbaySaleFeed;
import com.llatria.adapters.platforms.meta.MetaAuthorization;
import com.llatria.adapters.platforms.meta.MetaCatalogPublisher;
import com.llatria.adapters.platforms.meta.MetaConfig;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.posting.ListingSource;
import com.llatria.application.posting.PlatformAccounts;
import com.llatria.application.posting.PostingHooks;
import com.llatria.application.posting.PostingSignal;
import com.llatria.application.posting.PostingWorker;
import com.llatria.application.posting.Postings;
import com.llatria.application.posting.SaleWatcher;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.port.ListingPublisher;
import com.llatria.domain.port.PlatformAuthorization;
import com.llatria.domain.port.SaleFeed;
import com.llatria.domain.port.SharedSecrets;
import com.llatria.domain.posting.RetryPolicy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The posting part of the composition root: platform clients, token sealing, use cases, the job worker, sale checks. */
final class PostingWiring {
    /** What the builder collected. */
    static final class Options {
        EbayConfig ebay;
        MetaConfig meta;
        byte[] credentialsKey;
        List<byte[]> previousKeys = List.of();
        PostingWorker.Options worker;
        SaleWatcher.Options sales;
        PlatformHttp http;
    }

    final PlatformAccounts accounts;
    final Postings postings;
    final PostingWorker worker;
    final SaleWatcher sales;

    PostingWiring(Options o, Persistence persistence, ItemWriter writer, ImageStore images, IdGenerator ids, Clock clock) {
        PlatformHttp http = o.http != null ? o.http : PlatformHttp.defaults();
        List<PlatformAuthorization> auths = new ArrayList<>();
        List<ListingPublisher> publishers = new ArrayList<>();
        List<SaleFeed> feeds = new ArrayList<>();
        if (o.ebay != null) {
            auths.add(new EbayAuthorization(o.ebay, http));
            publishers.add(new EbayListingPublisher(o.ebay, http));
            feeds.add(new EbaySaleFeed(o.ebay, http));
        }
        if (o.meta != null) {
            auths.add(new MetaAuthorization(o.meta, http));
            publishers.add(new MetaCatalogPublisher(o.meta, http));
        }
        SecureRandom random = new SecureRandom();
        // Without a configured key, tokens are sealed with one that lives as long as this
        // process: connections then need renewing after a restart (the server always passes one).
        byte[] key = o.credentialsKey != null ? o.credentialsKey
                : AesGcmCredentialCipher.decodeKey(AesGcmCredentialCipher.newKey(random), "generated key");
        AesGcmCredentialCipher cipher = new AesGcmCredentialCipher(key, o.previousKeys);
        if (o.credentialsKey != null) agreeOnKey(persistence.sharedSecrets(), cipher);
        PostingSignal signal = new PostingSignal();
        ListingSource listings = new ListingSource(persistence.images(), images);
        this.accounts = new PlatformAccounts(auths, persistence.credentials(), cipher, persistence.transactions(), clock, random,
                persistence.saleChecks(), feeds.stream().map(SaleFeed::platform).collect(java.util.stream.Collectors.toSet()));
        this.postings = new Postings(writer, persistence.items(), persistence.postings(), accounts, listings,
                persistence.transactions(), signal, ids, clock);
        writer.addHook(new PostingHooks(persistence.postings(), persistence.transactions(), signal, clock));
        PostingWorker.Options workerOptions = o.worker != null ? o.worker
                : new PostingWorker.Options("worker-" + UUID.randomUUID(), Duration.ofMinutes(2), 8, Duration.ofSeconds(1),
                RetryPolicy.DEFAULT);
        this.worker = new PostingWorker(persistence.postingJobs(), persistence.postings(), persistence.items(), persistence.users(), writer,
                persistence.transactions(), accounts, publishers, listings, signal, clock, workerOptions);
        SaleWatcher.Options salesOptions = o.sales != null ? o.sales
                : new SaleWatcher.Options(workerOptions.workerId(), Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(15));
        this.sales = new SaleWatcher(persistence.saleChecks(), feeds, accounts, writer, persistence.transactions(), clock, salesOptions);
    }

    /**
     * Every server on one database must seal with the same key: one with another key cannot open
     * what the others stored, and would take every seller's connection for broken. A key that can
     * open the recorded one's values (listed as previous) is a rotation, and becomes the record.
     */
    private static void agreeOnKey(SharedSecrets secrets, AesGcmCredentialCipher cipher) {
        String current = cipher.currentKeyId();
        String recorded = secrets.recordIfAbsent(CREDENTIALS_KEY, current);
        if (recorded.equals(current)) return;
        if (cipher.opens(recorded)) {
            secrets.replace(CREDENTIALS_KEY, current);
            return;
        }
        throw new IllegalStateException("CREDENTIALS_ENCRYPTION_KEY (key id " + current + ") is not the key the other servers on"
                + " this database seal marketplace connections with (key id " + recorded + "): give every server the same key;"
                + " to rotate it, keep the old one in CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS");
    }

    private static final String CREDENTIALS_KEY = "credentials-key";
}
