package io.cachekit.demo.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param amountCents the amount to charge, in cents
 */
record OrderRequest(@NotNull @Positive @Max(100_000_000) Long amountCents) {

}
