#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::plugins::firewall {

// What the firewall needs of Unicode, for the decoded text smppd hands it: enough for Latin,
// Greek and Cyrillic text, without a Unicode library.

// The code point starting at text[*at], moving *at past it; U+FFFD (one octet consumed) for a
// malformed sequence.
char32_t next_code_point(std::string_view text, size_t* at) noexcept;

// The code point ending just before text[end] (end > 0), for looking behind a match.
char32_t code_point_before(std::string_view text, size_t end) noexcept;

// Hyperscan's UTF-8 mode must never see invalid UTF-8: check, and where needed copy the text
// with every malformed octet replaced by U+FFFD.
bool is_valid_utf8(std::string_view text) noexcept;
std::string sanitize_utf8(std::string_view text);

// Code points in `text` (the "characters" of a length condition).
size_t count_code_points(std::string_view text) noexcept;

// A letter, digit, mark or underscore: what a whole-word keyword may not touch. Scripts written
// without spaces (CJK, Thai, ...) count as not part of a word, so a keyword in them matches inside
// a sentence.
bool is_word_code_point(char32_t c) noexcept;

// Simple lower-casing of Latin (ASCII, Latin-1, Latin Extended-A/B, Latin Extended Additional),
// Greek and Cyrillic capitals; everything else unchanged.
char32_t fold_case(char32_t c) noexcept;

void append_utf8(std::string& out, char32_t c);

// The text folded to lower case, digits made 0, and every run of anything that is not a letter
// made one space (trimmed): two spam messages that differ only in case, spacing, punctuation or
// a number count as the same content.
std::string normalize_for_fingerprint(std::string_view text);

// A 64-bit FNV-1a hash.
uint64_t fnv1a64(std::string_view bytes) noexcept;

}  // namespace smppd::plugins::firewall
