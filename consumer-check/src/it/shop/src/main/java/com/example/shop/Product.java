package com.example.shop;

public record Product(long id, String name) {
}
