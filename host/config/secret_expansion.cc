#include "host/config/secret_expansion.h"

#include <algorithm>
#include <array>
#include <string>

#include "host/config/key_path.h"

namespace smppd::config {
namespace {

void expand_node(toml::node& node, const std::string& key_path, const SecretResolver& secrets, LoadContext& context) {
  if (toml::table* table = node.as_table()) {
    for (auto& [key, value] : *table) {
      std::string child = key_path_child(key_path, key.str());
      if (is_credential_key(key.str())) {
        context.mark_sensitive(child);
      }
      expand_node(value, child, secrets, context);
    }
  } else if (toml::array* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) {
      expand_node(*array->get(i), key_path_index(key_path, i), secrets, context);
    }
  } else if (auto* text = node.as_string()) {
    if (text->get().find('$') == std::string::npos) {
      return;
    }
    SecretResolver::Expansion expansion = secrets.expand(text->get(), context.base_dir());
    if (!expansion.ok()) {
      context.error(node, key_path, expansion.error);
      return;
    }
    if (expansion.used_secret) {
      context.mark_sensitive(key_path);
    }
    *text = std::move(expansion.value);
  }
}

}  // namespace

bool is_credential_key(std::string_view key) {
  // The last word decides: "smsc_password" is a credential, "password_min_length" is not.
  // "hash": a password hash (auth_static's password_hash) is as good as the password to an
  // offline guesser, so it is not shown either.
  static constexpr std::array<std::string_view, 9> kCredentialWords = {
      "password", "passwd", "pass", "secret", "token", "key", "credential", "credentials", "hash"};
  const size_t separator = key.find_last_of("_-.");
  std::string last_word(separator == std::string_view::npos ? key : key.substr(separator + 1));
  std::transform(last_word.begin(), last_word.end(), last_word.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return std::find(kCredentialWords.begin(), kCredentialWords.end(), last_word) != kCredentialWords.end();
}

void expand_secrets(toml::table& document, const SecretResolver& secrets, LoadContext& context) {
  expand_node(document, "", secrets, context);
}

}  // namespace smppd::config
