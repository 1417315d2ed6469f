// Secrets, through libsodium: random 256-bit secrets (tokens, session ids), SHA-256 digests
// to store them by, and Argon2id password hashes. init() must run once before any of them.
#pragma once

#include <string>
#include <string_view>

namespace aduan::crypto {

// Initialises libsodium; throws std::runtime_error if it cannot.
void init();

// 32 random bytes, base64url without padding, after `prefix` ("adn_" for API tokens).
std::string random_secret(std::string_view prefix = "");

// SHA-256 of `data`: 32 raw bytes.
std::string sha256(std::string_view data);

// An Argon2id string (algorithm, parameters, salt and hash), ~50 ms and 64 MiB to compute.
std::string hash_password(std::string_view password);

// Constant-time in the password; as slow as hash_password.
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace aduan::crypto
