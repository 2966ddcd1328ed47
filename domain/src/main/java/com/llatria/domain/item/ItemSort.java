package com.llatria.domain.item;

public enum ItemSort {
    CREATED, UPDATED, PRICE
}
