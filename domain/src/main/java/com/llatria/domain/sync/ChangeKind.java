package com.llatria.domain.sync;

public enum ChangeKind {
    CREATE, UPDATE, DELETE
}
