package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.SharedSecrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemorySharedSecrets implements SharedSecrets {
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    @Override
    public String recordIfAbsent(String name, String fingerprint) {
        return fingerprints.computeIfAbsent(name, n -> fingerprint);
    }

    @Override
    public void replace(String name, String fingerprint) {
        fingerprints.put(name, fingerprint);
    }
}
