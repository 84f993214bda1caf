// smppd C++ SDK: a plugin's own paths on smppd's admin API (host->admin, smppd/admin.h), served
// under /plugins/<plugin name>/ with the host's token, TLS and POST-only rule for changes.
//
//   smppd::cxx::Admin admin(host);
//   admin.register_handler(AdminMethod::get, "balance", "?account=<a>: the balance",
//       [state](const AdminRequest& request, AdminResponder& responder) {
//         const auto account = request.param("account");
//         if (!account) return (void)responder.respond(400, R"({"error":"say ?account=<a>"})");
//         auto ticket = responder.defer();            // the answer comes from the state store
//         if (!ticket) return (void)responder.respond(500, R"({"error":"cannot defer"})");
//         state.run(op::Get{"credit/balance/" + *account}, [ticket = *ticket](StateResult r) {
//           ticket.complete(200, "{...}");            // any thread, once
//         });
//       });
//
// A handler runs on the control thread and must not block. It answers at once (respond) or defers
// and answers later from any thread (AdminTicket::complete); smppd answers 504 when a deferred
// answer does not come within its timeout and ignores a later one. An exception a handler throws
// answers 500 with what() (also for a ticket it deferred), and is logged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "smppd/cxx/host.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

enum class AdminMethod : int32_t { get = SMPPD_ADMIN_GET, post = SMPPD_ADMIN_POST };

// `text` as a JSON string literal, quotes included: for bodies built by hand.
inline std::string json_quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string quoted = "\"";
  for (const char c : text) {
    const auto octet = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (octet < 0x20) {
      quoted += "\\u00";
      quoted += kHex[octet >> 4];
      quoted += kHex[octet & 0xF];
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

// One admin request. The views are the host's and end with the handler call.
struct AdminRequest {
  AdminMethod method = AdminMethod::get;
  std::string_view path;   // the whole path, "/plugins/credit/balance", percent-decoded
  std::string_view query;  // without '?', percent-encoded as sent
  std::string_view body;
  std::string_view peer;  // "192.0.2.1:53124", "[2001:db8::1]:53124"; empty when the host cannot say

  static AdminRequest from(const smppd_admin_request& raw) noexcept {
    AdminRequest request;
    request.method = raw.method == SMPPD_ADMIN_POST ? AdminMethod::post : AdminMethod::get;
    request.path = to_string_view(raw.path);
    request.query = to_string_view(raw.query);
    request.body = to_string_view(raw.body);
    // `peer` came after the first members: a host that does not fill it passes a shorter struct.
    if (raw.struct_size >= offsetof(smppd_admin_request, peer) + sizeof(raw.peer)) request.peer = to_string_view(raw.peer);
    return request;
  }

  // The decoded value of the first `key` in the query ("?account=a%2Fb" -> "a/b"; '+' is a space;
  // "?flag" -> ""); nullopt when the key is absent or its value is not well percent-encoded.
  std::optional<std::string> param(std::string_view key) const {
    std::string_view rest = query;
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      const size_t equals = pair.find('=');
      const auto name = decode(pair.substr(0, equals));
      if (!name || *name != key) continue;
      return equals == std::string_view::npos ? std::optional<std::string>(std::string()) : decode(pair.substr(equals + 1));
    }
    return std::nullopt;
  }

 private:
  static int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  static std::optional<std::string> decode(std::string_view encoded) {
    std::string decoded;
    decoded.reserve(encoded.size());
    for (size_t i = 0; i < encoded.size(); ++i) {
      if (encoded[i] == '+') {
        decoded += ' ';
      } else if (encoded[i] != '%') {
        decoded += encoded[i];
      } else {
        if (i + 2 >= encoded.size()) return std::nullopt;
        const int high = hex_value(encoded[i + 1]);
        const int low = hex_value(encoded[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
      }
    }
    return decoded;
  }
};

// A deferred answer, given once from any thread. A copyable value: two pointers' worth.
class AdminTicket {
 public:
  constexpr AdminTicket() noexcept = default;
  constexpr AdminTicket(const smppd_admin_api* table, uint64_t id) noexcept : table_(table), id_(id) {}

  constexpr uint64_t id() const noexcept { return id_; }
  constexpr explicit operator bool() const noexcept { return table_ != nullptr && id_ != 0; }

  // The answer: status 200..599, body, content type (empty: application/json). SMPPD_E_NOT_FOUND
  // when smppd no longer waits for it (it answered 504, or this ticket was answered already).
  int32_t complete(uint32_t status, std::string_view body, std::string_view content_type = {}) const noexcept {
    if (!SMPPD_HAS(table_, complete) || id_ == 0) return SMPPD_E_UNSUPPORTED;
    return table_->complete(id_, status, to_plugin_view(content_type), to_plugin_view(body));
  }

 private:
  const smppd_admin_api* table_ = nullptr;
  uint64_t id_ = 0;
};

// Where a handler answers, during its call.
class AdminResponder {
 public:
  AdminResponder(smppd_admin_response* response, const smppd_admin_api* table) noexcept
      : response_(response), table_(table) {}

  // The answer now: status 200..599, body, content type (empty: application/json).
  int32_t respond(uint32_t status, std::string_view body, std::string_view content_type = {}) noexcept {
    if (!SMPPD_HAS(table_, respond)) return SMPPD_E_UNSUPPORTED;
    const int32_t rc = table_->respond(response_, status, to_plugin_view(content_type), to_plugin_view(body));
    if (rc == SMPPD_OK) responded_ = true;
    return rc;
  }
  // Whether this host takes deferred answers (smppd/admin.h defer and complete).
  bool can_defer() const noexcept { return SMPPD_HAS(table_, defer) && SMPPD_HAS(table_, complete); }
  // The answer later, through the ticket. SMPPD_E_UNSUPPORTED on a host without it: respond now.
  Result<AdminTicket> defer() noexcept {
    if (!can_defer()) return Result<AdminTicket>::failure(SMPPD_E_UNSUPPORTED);
    uint64_t id = 0;
    const int32_t rc = table_->defer(response_, &id);
    if (rc != SMPPD_OK) return Result<AdminTicket>::failure(rc);
    ticket_ = AdminTicket(table_, id);
    return ticket_;
  }

  bool responded() const noexcept { return responded_; }
  // The ticket defer() gave; empty when it was not called or failed.
  const AdminTicket& ticket() const noexcept { return ticket_; }

 private:
  smppd_admin_response* response_;
  const smppd_admin_api* table_;
  bool responded_ = false;
  AdminTicket ticket_;
};

using AdminHandler = std::function<void(const AdminRequest&, AdminResponder&)>;

class Admin {
 public:
  explicit Admin(const Host& host) noexcept : host_(host) {}

  // Whether the host serves plugin paths at all, and whether it takes deferred answers.
  bool supported() const noexcept {
    const smppd_admin_api* table = host_.admin_api();
    return SMPPD_HAS(table, register_handler) && SMPPD_HAS(table, respond);
  }
  bool can_defer() const noexcept {
    const smppd_admin_api* table = host_.admin_api();
    return SMPPD_HAS(table, defer) && SMPPD_HAS(table, complete);
  }

  // Control thread (init or a config hook). Serves `method` on /plugins/<plugin>/<path>; a path
  // ending in '/' serves everything below it. The handler is kept for the process's life (a path
  // is never replaced, also not by a reload: read the current config from what it captures).
  // SMPPD_E_STATE when the path and method are taken, SMPPD_E_INVALID for a bad path.
  int32_t register_handler(AdminMethod method, std::string_view path, std::string_view help,
                           AdminHandler handler) const noexcept {
    const smppd_admin_api* table = host_.admin_api();
    if (!SMPPD_HAS(table, register_handler) || !SMPPD_HAS(table, respond)) return SMPPD_E_UNSUPPORTED;
    if (!handler) return SMPPD_E_INVALID;
    std::unique_ptr<Registration> registration;
    try {
      registration = std::make_unique<Registration>(Registration{host_, std::move(handler), std::string(help)});
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
    const int32_t rc = table->register_handler(host_.plugin(), static_cast<int32_t>(method), to_plugin_view(path),
                                               registration->help.c_str(), &Registration::call, registration.get());
    if (rc == SMPPD_OK) keep(std::move(registration));  // the host calls it until the process ends
    return rc;
  }

 private:
  struct Registration {
    Host host;
    AdminHandler handler;
    std::string help;

    static void call(void* user_data, const smppd_admin_request* raw, smppd_admin_response* response) noexcept {
      auto* self = static_cast<Registration*>(user_data);
      AdminResponder responder(response, self->host.admin_api());
      if (raw == nullptr) {
        responder.respond(500, R"({"error":"no request"})");
        return;
      }
      std::string body = R"({"error":"the handler failed"})";
      try {
        self->handler(AdminRequest::from(*raw), responder);
        return;
      } catch (const std::exception& e) {
        self->host.log_current_exception(LogLevel::error, "an admin handler threw");
        try {
          body = "{\"error\":" + json_quote(e.what()) + "}";
        } catch (...) {
        }
      } catch (...) {
        self->host.log_current_exception(LogLevel::error, "an admin handler threw");
      }
      if (responder.ticket()) {
        (void)responder.ticket().complete(500, body);
      } else {
        (void)responder.respond(500, body);
      }
    }
  };

  // Registrations live as long as the process, reachable from here (so leak checkers agree).
  static void keep(std::unique_ptr<Registration> registration) noexcept {
    struct Kept {
      std::mutex mutex;
      std::deque<std::unique_ptr<Registration>> registrations;
    };
    static Kept* kept = new Kept();  // never destroyed: the host may call a handler until exit
    try {
      std::lock_guard lock(kept->mutex);
      kept->registrations.push_back(std::move(registration));
    } catch (...) {
      (void)registration.release();  // the host holds it: leak it rather than free it
    }
  }

  Host host_;
};

}  // namespace smppd::cxx
