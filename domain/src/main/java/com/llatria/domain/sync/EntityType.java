package com.llatria.domain.sync;

public enum EntityType {
    ITEM
}
