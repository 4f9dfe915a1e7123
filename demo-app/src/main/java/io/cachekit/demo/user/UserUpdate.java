package io.cachekit.demo.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /api/users/{id}}, and the payload saved write-behind (the worker adds the version
 * and the time it was accepted).
 *
 * @param name the display name
 * @param email the e-mail address
 */
public record UserUpdate(@NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 200) String email) {

}
