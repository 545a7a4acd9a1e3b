// UTF-8 validity checks for input triage.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace crosscheck {

// Bytes before the first one that is not ASCII (text.size() when all are),
// read eight at a time.
size_t AsciiPrefixLength(std::string_view text);

// Byte offset of the first byte that does not start or continue a valid UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF are
// invalid), or nullopt when all of `text` is valid.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

// `text` with every byte that is not part of a valid UTF-8 sequence replaced
// by U+FFFD (EF BF BD), one replacement per byte; valid text is returned as is.
std::string ReplaceInvalidUtf8(std::string_view text);

// Text from the input made safe to print: ReplaceInvalidUtf8, and then the
// control characters a terminal acts on — C0 other than TAB, LF and CR
// (ESC starts an escape sequence), DEL and C1 (U+0080..U+009F) — replaced
// by U+FFFD too. The exports and the CLI's diagnostics print text so.
std::string PrintableUtf8(std::string_view text);

// 1-based line number of `offset` in `text`. Lines end at LF, CRLF or a lone
// CR (old Mac files), as in clean/.
size_t LineOf(std::string_view text, size_t offset);

}  // namespace crosscheck
