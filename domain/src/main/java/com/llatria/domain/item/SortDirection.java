package com.llatria.domain.item;

public enum SortDirection {
    ASC, DESC
}
