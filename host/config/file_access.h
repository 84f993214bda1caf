#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace smppd::config {

// Why a file cannot be opened for reading ("No such file or directory", "is a directory"), or
// nullopt when it can.
std::optional<std::string> unreadable_reason(const std::filesystem::path& file);

struct FileContent {
  std::string content;
  std::string error;  // empty when the file was read
};

// The whole file when it is a readable regular file of at most `max_size` octets.
FileContent read_file_content(const std::filesystem::path& file, size_t max_size);

}  // namespace smppd::config
