// smppd SDK testing: the in-memory host. See fake_host.h.
#include "fake_host.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "smppd/cxx/message_parts.hpp"

namespace smppd::testing {
namespace {

std::atomic<FakeHost*> g_active{nullptr};
thread_local int32_t t_current_worker = -1;

std::string_view view_of(smppd_plugin_view view) noexcept {
  return view.data == nullptr ? std::string_view{} : std::string_view(view.data, static_cast<size_t>(view.size));
}

bool valid_view(smppd_plugin_view view) noexcept { return view.data != nullptr || view.size == 0; }

// As smppd checks log->write_named's name: 1 to 64 letters, digits, '_', '-' or '.'.
bool valid_logger_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                    c == '.';
    if (!ok) return false;
  }
  return true;
}

smppd_host_view host_view(std::string_view text) noexcept { return smppd_host_view{text.data(), text.size()}; }

// Copies `full` into *out, at most out->struct_size bytes, keeping the caller's struct_size: how
// the host fills an extensible struct the plugin may have been built with an older, smaller copy
// of.
template <class Struct>
int32_t fill_what_fits(const Struct& full, Struct* out) noexcept {
  if (out == nullptr || out->struct_size < sizeof(uint32_t)) return SMPPD_E_INVALID;
  const uint32_t caller_size = out->struct_size;
  const size_t n = std::min<size_t>(caller_size, sizeof(Struct));
  std::memcpy(static_cast<void*>(out), &full, n);
  out->struct_size = caller_size;
  return SMPPD_OK;
}

// --- text ---------------------------------------------------------------------------------------

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

constexpr char32_t kReplacement = 0xFFFD;

// 3GPP TS 23.038 default alphabet, one septet per octet (SMPP's unpacked form).
constexpr std::array<char32_t, 128> kGsm7Basic = {
    U'@',    U'\u00A3', U'$',     U'\u00A5', U'\u00E8', U'\u00E9', U'\u00F9', U'\u00EC',
    U'\u00F2', U'\u00C7', U'\n',   U'\u00D8', U'\u00F8', U'\r',     U'\u00C5', U'\u00E5',
    U'\u0394', U'_',     U'\u03A6', U'\u0393', U'\u039B', U'\u03A9', U'\u03A0', U'\u03A8',
    U'\u03A3', U'\u0398', U'\u039E', U' ' /* escape */, U'\u00C6', U'\u00E6', U'\u00DF', U'\u00C9',
    U' ',    U'!',     U'"',     U'#',     U'\u00A4', U'%',     U'&',     U'\'',
    U'(',    U')',     U'*',     U'+',     U',',     U'-',     U'.',     U'/',
    U'0',    U'1',     U'2',     U'3',     U'4',     U'5',     U'6',     U'7',
    U'8',    U'9',     U':',     U';',     U'<',     U'=',     U'>',     U'?',
    U'\u00A1', U'A',   U'B',     U'C',     U'D',     U'E',     U'F',     U'G',
    U'H',    U'I',     U'J',     U'K',     U'L',     U'M',     U'N',     U'O',
    U'P',    U'Q',     U'R',     U'S',     U'T',     U'U',     U'V',     U'W',
    U'X',    U'Y',     U'Z',     U'\u00C4', U'\u00D6', U'\u00D1', U'\u00DC', U'\u00A7',
    U'\u00BF', U'a',   U'b',     U'c',     U'd',     U'e',     U'f',     U'g',
    U'h',    U'i',     U'j',     U'k',     U'l',     U'm',     U'n',     U'o',
    U'p',    U'q',     U'r',     U's',     U't',     U'u',     U'v',     U'w',
    U'x',    U'y',     U'z',     U'\u00E4', U'\u00F6', U'\u00F1', U'\u00FC', U'\u00E0',
};

char32_t gsm7_extension(uint8_t code) noexcept {
  switch (code) {
    case 0x0A: return U'\f';
    case 0x14: return U'^';
    case 0x28: return U'{';
    case 0x29: return U'}';
    case 0x2F: return U'\\';
    case 0x3C: return U'[';
    case 0x3D: return U'~';
    case 0x3E: return U']';
    case 0x40: return U'|';
    case 0x65: return U'\u20AC';
    default: return 0;
  }
}

std::string decode_gsm7(std::string_view septets, bool& lossy) {
  std::string out;
  for (size_t i = 0; i < septets.size(); ++i) {
    const auto code = static_cast<uint8_t>(septets[i]);
    if (code >= 0x80) {
      append_utf8(out, kReplacement);
      lossy = true;
    } else if (code == 0x1B) {
      if (i + 1 >= septets.size()) {
        out += ' ';
        lossy = true;
        continue;
      }
      const auto next = static_cast<uint8_t>(septets[++i]);
      const char32_t extended = next < 0x80 ? gsm7_extension(next) : 0;
      if (extended != 0) {
        append_utf8(out, extended);
      } else {
        append_utf8(out, next < 0x80 ? kGsm7Basic[next] : kReplacement);
        lossy = true;
      }
    } else {
      append_utf8(out, kGsm7Basic[code]);
    }
  }
  return out;
}

std::string decode_ia5(std::string_view octets, bool& lossy) {
  std::string out;
  for (char c : octets) {
    if (static_cast<uint8_t>(c) < 0x80) {
      out += c;
    } else {
      append_utf8(out, kReplacement);
      lossy = true;
    }
  }
  return out;
}

std::string decode_latin1(std::string_view octets) {
  std::string out;
  for (char c : octets) append_utf8(out, static_cast<uint8_t>(c));
  return out;
}

// UCS-2 big-endian, read as UTF-16 so surrogate pairs survive; broken ones become U+FFFD.
std::string decode_ucs2(std::string_view octets, bool& lossy) {
  std::string out;
  const size_t units = octets.size() / 2;
  auto unit = [&](size_t i) {
    return static_cast<char16_t>((static_cast<uint8_t>(octets[2 * i]) << 8) | static_cast<uint8_t>(octets[2 * i + 1]));
  };
  for (size_t i = 0; i < units; ++i) {
    const char16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      const char32_t c = 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (static_cast<char32_t>(unit(i + 1)) - 0xDC00);
      append_utf8(out, c);
      ++i;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      append_utf8(out, kReplacement);
      lossy = true;
    } else {
      append_utf8(out, u);
    }
  }
  if (octets.size() % 2 != 0) {
    append_utf8(out, kReplacement);
    lossy = true;
  }
  return out;
}

int32_t encoding_of(uint8_t data_coding) noexcept {
  switch (data_coding) {
    case 0x00: return SMPPD_TEXT_GSM7;
    case 0x01: return SMPPD_TEXT_IA5;
    case 0x03: return SMPPD_TEXT_LATIN1;
    case 0x08: return SMPPD_TEXT_UCS2;
    default: break;
  }
  if (data_coding >= 0xF0) return (data_coding & 0x04) != 0 ? SMPPD_TEXT_BINARY : SMPPD_TEXT_GSM7;
  if (data_coding >= 0xC0 && data_coding <= 0xDF) return SMPPD_TEXT_GSM7;
  if (data_coding >= 0xE0 && data_coding <= 0xEF) return SMPPD_TEXT_UCS2;
  return SMPPD_TEXT_BINARY;
}

constexpr uint16_t kTagMessagePayload = 0x0424;
constexpr uint16_t kTagSarMsgRefNum = 0x020C;
constexpr uint16_t kTagSarTotalSegments = 0x020E;
constexpr uint16_t kTagSarSegmentSeqnum = 0x020F;

struct FieldSpec {
  int32_t field;
  bool is_string;
  size_t max_length;  // strings: octets without the NUL; integers: unused
};

constexpr FieldSpec kFields[] = {
    {SMPPD_F_COMMAND_LENGTH, false, 0},
    {SMPPD_F_COMMAND_ID, false, 0},
    {SMPPD_F_COMMAND_STATUS, false, 0},
    {SMPPD_F_SEQUENCE_NUMBER, false, 0},
    {SMPPD_F_SYSTEM_ID, true, 15},
    {SMPPD_F_PASSWORD, true, 8},
    {SMPPD_F_SYSTEM_TYPE, true, 12},
    {SMPPD_F_INTERFACE_VERSION, false, 0},
    {SMPPD_F_ADDR_TON, false, 0},
    {SMPPD_F_ADDR_NPI, false, 0},
    {SMPPD_F_ADDRESS_RANGE, true, 40},
    {SMPPD_F_SERVICE_TYPE, true, 5},
    {SMPPD_F_SOURCE_ADDR_TON, false, 0},
    {SMPPD_F_SOURCE_ADDR_NPI, false, 0},
    {SMPPD_F_SOURCE_ADDR, true, 20},
    {SMPPD_F_DEST_ADDR_TON, false, 0},
    {SMPPD_F_DEST_ADDR_NPI, false, 0},
    {SMPPD_F_DESTINATION_ADDR, true, 20},
    {SMPPD_F_ESM_CLASS, false, 0},
    {SMPPD_F_PROTOCOL_ID, false, 0},
    {SMPPD_F_PRIORITY_FLAG, false, 0},
    {SMPPD_F_SCHEDULE_DELIVERY_TIME, true, 16},
    {SMPPD_F_VALIDITY_PERIOD, true, 16},
    {SMPPD_F_REGISTERED_DELIVERY, false, 0},
    {SMPPD_F_REPLACE_IF_PRESENT_FLAG, false, 0},
    {SMPPD_F_DATA_CODING, false, 0},
    {SMPPD_F_SM_DEFAULT_MSG_ID, false, 0},
    {SMPPD_F_SHORT_MESSAGE, true, 254},
    {SMPPD_F_MESSAGE_ID, true, 64},
    {SMPPD_F_FINAL_DATE, true, 16},
    {SMPPD_F_MESSAGE_STATE, false, 0},
    {SMPPD_F_ERROR_CODE, false, 0},
    {SMPPD_F_ESME_ADDR_TON, false, 0},
    {SMPPD_F_ESME_ADDR_NPI, false, 0},
    {SMPPD_F_ESME_ADDR, true, 64},
};

const FieldSpec* field_spec(int32_t field) noexcept {
  for (const auto& spec : kFields) {
    if (spec.field == field) return &spec;
  }
  return nullptr;
}

bool is_header_field(int32_t field) noexcept {
  return field == SMPPD_F_COMMAND_LENGTH || field == SMPPD_F_COMMAND_ID || field == SMPPD_F_COMMAND_STATUS ||
         field == SMPPD_F_SEQUENCE_NUMBER;
}

}  // namespace

// --- AttributeBag ---------------------------------------------------------------------------------

void AttributeBag::set(std::string_view key, AttributeValue value) {
  auto it = values_.find(key);
  if (it == values_.end()) {
    values_.emplace(std::string(key), std::move(value));
  } else {
    it->second = std::move(value);
  }
}

std::optional<AttributeValue> AttributeBag::get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> AttributeBag::get_string(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end() || !std::holds_alternative<std::string>(it->second)) return std::nullopt;
  return std::get<std::string>(it->second);
}

std::optional<int64_t> AttributeBag::get_int(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end() || !std::holds_alternative<int64_t>(it->second)) return std::nullopt;
  return std::get<int64_t>(it->second);
}

bool AttributeBag::remove(std::string_view key) {
  auto it = values_.find(key);
  if (it == values_.end()) return false;
  values_.erase(it);
  return true;
}

// --- FakeMessage ----------------------------------------------------------------------------------

FakeMessage::FakeMessage(uint32_t command_id, uint32_t sequence_number) : command_id_(command_id) {
  integers_[SMPPD_F_COMMAND_STATUS] = 0;
  integers_[SMPPD_F_SEQUENCE_NUMBER] = sequence_number;
}

smppd_message* FakeMessage::handle() noexcept { return reinterpret_cast<smppd_message*>(this); }
const smppd_message* FakeMessage::handle() const noexcept { return reinterpret_cast<const smppd_message*>(this); }

FakeMessage& FakeMessage::set_string(int32_t field, std::string_view value) {
  if (!is_string_field(field)) throw std::invalid_argument("FakeMessage::set_string: not a string field");
  strings_[field] = std::string(value);
  changed();
  return *this;
}

FakeMessage& FakeMessage::set_int(int32_t field, int64_t value) {
  const FieldSpec* spec = field_spec(field);
  if (spec == nullptr || spec->is_string) throw std::invalid_argument("FakeMessage::set_int: not an integer field");
  if (field == SMPPD_F_COMMAND_ID) {
    command_id_ = static_cast<uint32_t>(value);
  } else {
    integers_[field] = value;
  }
  changed();
  return *this;
}

FakeMessage& FakeMessage::add_tlv(uint16_t tag, std::string_view value) {
  tlvs_.emplace_back(tag, std::string(value));
  changed();
  return *this;
}

FakeMessage& FakeMessage::clear_field(int32_t field) {
  strings_.erase(field);
  integers_.erase(field);
  changed();
  return *this;
}

std::optional<std::string> FakeMessage::string(int32_t field) const {
  auto it = strings_.find(field);
  if (it == strings_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> FakeMessage::integer(int32_t field) const {
  if (field == SMPPD_F_COMMAND_ID) return command_id_;
  auto it = integers_.find(field);
  if (it == integers_.end()) return std::nullopt;
  return it->second;
}

bool FakeMessage::is_string_field(int32_t field) noexcept {
  const FieldSpec* spec = field_spec(field);
  return spec != nullptr && spec->is_string;
}

std::optional<size_t> FakeMessage::max_string_length(int32_t field) noexcept {
  const FieldSpec* spec = field_spec(field);
  if (spec == nullptr || !spec->is_string) return std::nullopt;
  return spec->max_length;
}

bool FakeMessage::is_known_field(int32_t field) noexcept { return field_spec(field) != nullptr; }

// --- FakeSession, FakeCall ------------------------------------------------------------------------

smppd_session_info FakeSession::c_info() const noexcept {
  smppd_session_info out{};
  out.struct_size = static_cast<uint32_t>(sizeof out);
  out.bind_type = info_.bind_type;
  out.session_id = info_.session_id;
  out.listener = host_view(info_.listener);
  out.peer_address = host_view(info_.peer_address);
  out.peer_port = info_.peer_port;
  out.tls = info_.tls ? 1 : 0;
  out.system_id = host_view(info_.system_id);
  out.worker = info_.worker;
  out.interface_version = info_.interface_version;
  return out;
}

smppd_call* FakeCall::handle() noexcept { return reinterpret_cast<smppd_call*>(this); }

FakeCall& FakeCall::set_route(std::string route_name, std::string cluster_name) {
  route_.emplace(std::move(route_name), std::move(cluster_name));
  return *this;
}

FakeCall& FakeCall::clear_route() {
  route_.reset();
  return *this;
}

// --- the C tables ---------------------------------------------------------------------------------

struct FakeHost::PluginRefImpl {
  std::string name;
};

// The functions behind the tables. The any-thread ones find the host through FakeHost::active().
struct FakeAbi {
  static FakeMessage* message(smppd_message* handle) noexcept { return reinterpret_cast<FakeMessage*>(handle); }
  static const FakeMessage* message(const smppd_message* handle) noexcept {
    return reinterpret_cast<const FakeMessage*>(handle);
  }
  static FakeCall* call(smppd_call* handle) noexcept { return reinterpret_cast<FakeCall*>(handle); }
  static const FakeCall* call(const smppd_call* handle) noexcept { return reinterpret_cast<const FakeCall*>(handle); }

  // core
  static int64_t monotonic_ns() noexcept {
    FakeHost* host = FakeHost::active();
    return host == nullptr ? 0 : host->monotonic_ns();
  }
  static int64_t realtime_ns() noexcept {
    FakeHost* host = FakeHost::active();
    return host == nullptr ? 0 : host->realtime_ns();
  }
  static int32_t worker_count() noexcept {
    FakeHost* host = FakeHost::active();
    return host == nullptr ? 1 : host->worker_count_.load();
  }
  static int32_t current_worker() noexcept { return t_current_worker; }

  // log
  static int32_t log_enabled(const smppd_plugin_ref*, int32_t level) noexcept {
    FakeHost* host = FakeHost::active();
    return host != nullptr && level >= host->log_level_.load() ? 1 : 0;
  }
  static void log_write(const smppd_plugin_ref* plugin, int32_t level, smppd_plugin_view message) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr || !valid_view(message)) return;
    try {
      host->write_log(plugin, level, view_of(message));
    } catch (...) {
    }
  }
  static int32_t log_write_named(const smppd_plugin_ref* plugin, smppd_plugin_view name, int32_t level,
                                 smppd_plugin_view message) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (plugin == nullptr || !valid_view(name) || !valid_view(message) || !valid_logger_name(view_of(name))) {
      return SMPPD_E_INVALID;
    }
    try {
      host->write_log(plugin, level, view_of(message), view_of(name));
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  // metrics
  static int32_t metric_define(const smppd_plugin_ref* plugin, int32_t type, smppd_plugin_view name,
                               smppd_plugin_view help, uint32_t* id_out) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (!valid_view(name) || !valid_view(help)) return SMPPD_E_INVALID;
    try {
      return host->define_metric(plugin, type, view_of(name), view_of(help), id_out);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static void update(uint32_t id, const std::function<void(MetricRecord&)>& change) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return;
    try {
      host->update_metric(id, change);
    } catch (...) {
    }
  }
  static void counter_add(uint32_t id, uint64_t delta) noexcept {
    update(id, [delta](MetricRecord& m) { m.counter += delta; });
  }
  static void gauge_set(uint32_t id, int64_t value) noexcept {
    update(id, [value](MetricRecord& m) { m.gauge = value; });
  }
  static void gauge_add(uint32_t id, int64_t delta) noexcept {
    update(id, [delta](MetricRecord& m) { m.gauge += delta; });
  }
  static void histogram_record(uint32_t id, uint64_t value) noexcept {
    update(id, [value](MetricRecord& m) { m.samples.push_back(value); });
  }

  // message
  static uint32_t command_id(const smppd_message* handle) noexcept {
    return handle == nullptr ? 0 : message(handle)->command_id_;
  }
  static int32_t get_string(const smppd_message* handle, int32_t field, smppd_host_view* out) noexcept {
    if (handle == nullptr || out == nullptr) return SMPPD_E_INVALID;
    const FieldSpec* spec = field_spec(field);
    if (spec == nullptr || !spec->is_string) return SMPPD_E_INVALID;
    const FakeMessage* m = message(handle);
    auto it = m->strings_.find(field);
    if (it == m->strings_.end()) return SMPPD_E_NOT_FOUND;
    *out = host_view(it->second);
    return SMPPD_OK;
  }
  static int32_t set_string(smppd_message* handle, int32_t field, smppd_plugin_view value) noexcept {
    if (handle == nullptr || !valid_view(value)) return SMPPD_E_INVALID;
    const FieldSpec* spec = field_spec(field);
    if (spec == nullptr || !spec->is_string) return SMPPD_E_INVALID;
    if (value.size > spec->max_length) return SMPPD_E_RANGE;
    try {
      FakeMessage* m = message(handle);
      m->strings_[field] = std::string(view_of(value));
      ++m->plugin_writes_;
      m->changed();
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t get_int(const smppd_message* handle, int32_t field, int64_t* out) noexcept {
    if (handle == nullptr || out == nullptr) return SMPPD_E_INVALID;
    const FieldSpec* spec = field_spec(field);
    if (spec == nullptr || spec->is_string) return SMPPD_E_INVALID;
    const auto value = message(handle)->integer(field);
    if (!value) return SMPPD_E_NOT_FOUND;
    *out = *value;
    return SMPPD_OK;
  }
  static int32_t set_int(smppd_message* handle, int32_t field, int64_t value) noexcept {
    if (handle == nullptr) return SMPPD_E_INVALID;
    const FieldSpec* spec = field_spec(field);
    if (spec == nullptr || spec->is_string) return SMPPD_E_INVALID;
    if (field == SMPPD_F_COMMAND_ID || field == SMPPD_F_COMMAND_LENGTH) return SMPPD_E_INVALID;
    const int64_t limit = is_header_field(field) ? 0xFFFFFFFFLL : 0xFFLL;
    if (value < 0 || value > limit) return SMPPD_E_RANGE;
    try {
      FakeMessage* m = message(handle);
      m->integers_[field] = value;
      ++m->plugin_writes_;
      m->changed();
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t tlv_count(const smppd_message* handle) noexcept {
    if (handle == nullptr) return SMPPD_E_INVALID;
    return static_cast<int32_t>(message(handle)->tlvs_.size());
  }
  static int32_t tlv_at(const smppd_message* handle, uint32_t index, uint16_t* tag, smppd_host_view* value) noexcept {
    if (handle == nullptr || tag == nullptr || value == nullptr) return SMPPD_E_INVALID;
    const auto& tlvs = message(handle)->tlvs_;
    if (index >= tlvs.size()) return SMPPD_E_NOT_FOUND;
    *tag = tlvs[index].first;
    *value = host_view(tlvs[index].second);
    return SMPPD_OK;
  }
  static int32_t tlv_get(const smppd_message* handle, uint16_t tag, smppd_host_view* value) noexcept {
    if (handle == nullptr || value == nullptr) return SMPPD_E_INVALID;
    for (const auto& tlv : message(handle)->tlvs_) {
      if (tlv.first == tag) {
        *value = host_view(tlv.second);
        return SMPPD_OK;
      }
    }
    return SMPPD_E_NOT_FOUND;
  }
  static int32_t tlv_set(smppd_message* handle, uint16_t tag, smppd_plugin_view value) noexcept {
    if (handle == nullptr || !valid_view(value)) return SMPPD_E_INVALID;
    if (value.size > 0xFFFF) return SMPPD_E_RANGE;
    try {
      FakeMessage* m = message(handle);
      auto it = std::find_if(m->tlvs_.begin(), m->tlvs_.end(), [tag](const auto& tlv) { return tlv.first == tag; });
      if (it == m->tlvs_.end()) {
        m->tlvs_.emplace_back(tag, std::string(view_of(value)));
      } else {
        it->second = std::string(view_of(value));
      }
      ++m->plugin_writes_;
      m->changed();
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t tlv_remove(smppd_message* handle, uint16_t tag) noexcept {
    if (handle == nullptr) return SMPPD_E_INVALID;
    FakeMessage* m = message(handle);
    const auto before = m->tlvs_.size();
    std::erase_if(m->tlvs_, [tag](const auto& tlv) { return tlv.first == tag; });
    if (m->tlvs_.size() == before) return SMPPD_E_NOT_FOUND;
    ++m->plugin_writes_;
    m->changed();
    return SMPPD_OK;
  }

  static FakeMessage::Decoded decode(const FakeMessage& m) {
    FakeMessage::Decoded decoded;
    std::string_view bytes;
    if (auto it = m.strings_.find(SMPPD_F_SHORT_MESSAGE); it != m.strings_.end() && !it->second.empty()) {
      bytes = it->second;
    } else {
      for (const auto& tlv : m.tlvs_) {
        if (tlv.first == kTagMessagePayload) {
          bytes = tlv.second;
          decoded.flags |= SMPPD_TEXT_FROM_PAYLOAD;
          break;
        }
      }
    }
    const std::string_view user_data = bytes;
    const auto data_coding = static_cast<uint8_t>(m.integer(SMPPD_F_DATA_CODING).value_or(0));
    const auto esm_class = m.integer(SMPPD_F_ESM_CLASS).value_or(0);
    // As the host counts them, once with the decoded text.
    const auto count_parts = [&] {
      decoded.parts = cxx::parts_of(
          cxx::parts_input(decoded.encoding, decoded.concat_total != 0, decoded.utf8, user_data, (esm_class & 0x40) != 0));
    };
    decoded.data_coding = data_coding;
    decoded.encoding = encoding_of(data_coding);

    for (const auto& tlv : m.tlvs_) {
      if (tlv.first == kTagSarMsgRefNum && tlv.second.size() == 2) {
        decoded.concat_ref = static_cast<uint16_t>((static_cast<uint8_t>(tlv.second[0]) << 8) | static_cast<uint8_t>(tlv.second[1]));
      } else if (tlv.first == kTagSarTotalSegments && tlv.second.size() == 1) {
        decoded.concat_total = static_cast<uint8_t>(tlv.second[0]);
      } else if (tlv.first == kTagSarSegmentSeqnum && tlv.second.size() == 1) {
        decoded.concat_seq = static_cast<uint8_t>(tlv.second[0]);
      }
    }

    if ((esm_class & 0x40) != 0 && !bytes.empty()) {
      decoded.flags |= SMPPD_TEXT_HAS_UDH;
      const size_t header_length = static_cast<uint8_t>(bytes[0]);
      if (1 + header_length > bytes.size()) {
        decoded.encoding = SMPPD_TEXT_BINARY;
        decoded.flags |= SMPPD_TEXT_LOSSY;
        count_parts();
        return decoded;
      }
      const std::string_view header = bytes.substr(1, header_length);
      for (size_t i = 0; i + 2 <= header.size();) {
        const auto id = static_cast<uint8_t>(header[i]);
        const size_t length = static_cast<uint8_t>(header[i + 1]);
        if (i + 2 + length > header.size()) break;
        const std::string_view data = header.substr(i + 2, length);
        if (id == 0x00 && length == 3) {
          decoded.concat_ref = static_cast<uint8_t>(data[0]);
          decoded.concat_total = static_cast<uint8_t>(data[1]);
          decoded.concat_seq = static_cast<uint8_t>(data[2]);
        } else if (id == 0x08 && length == 4) {
          decoded.concat_ref = static_cast<uint16_t>((static_cast<uint8_t>(data[0]) << 8) | static_cast<uint8_t>(data[1]));
          decoded.concat_total = static_cast<uint8_t>(data[2]);
          decoded.concat_seq = static_cast<uint8_t>(data[3]);
        }
        i += 2 + length;
      }
      bytes.remove_prefix(1 + header_length);
    }

    bool lossy = false;
    switch (decoded.encoding) {
      case SMPPD_TEXT_GSM7: decoded.utf8 = decode_gsm7(bytes, lossy); break;
      case SMPPD_TEXT_IA5: decoded.utf8 = decode_ia5(bytes, lossy); break;
      case SMPPD_TEXT_LATIN1: decoded.utf8 = decode_latin1(bytes); break;
      case SMPPD_TEXT_UCS2: decoded.utf8 = decode_ucs2(bytes, lossy); break;
      default: lossy = !bytes.empty(); break;  // binary: no text, as the host does
    }
    if (lossy) decoded.flags |= SMPPD_TEXT_LOSSY;
    count_parts();
    return decoded;
  }

  static int32_t text(const smppd_message* handle, smppd_text* out) noexcept {
    if (handle == nullptr || out == nullptr) return SMPPD_E_INVALID;
    const FakeMessage* m = message(handle);
    const bool has_text = m->strings_.count(SMPPD_F_SHORT_MESSAGE) != 0 ||
                          std::any_of(m->tlvs_.begin(), m->tlvs_.end(),
                                      [](const auto& tlv) { return tlv.first == kTagMessagePayload; });
    if (!has_text) return SMPPD_E_NOT_FOUND;
    try {
      // The cache is what keeps the host view alive; it is not part of the message's value.
      auto& cache = m->decoded_;
      if (!cache) cache = decode(*m);
      smppd_text full{};
      full.struct_size = static_cast<uint32_t>(sizeof full);
      full.encoding = cache->encoding;
      full.utf8 = host_view(cache->utf8);
      full.flags = cache->flags;
      full.concat_ref = cache->concat_ref;
      full.concat_total = cache->concat_total;
      full.concat_seq = cache->concat_seq;
      full.data_coding = cache->data_coding;
      full.parts = cache->parts;
      return fill_what_fits(full, out);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  // call
  static AttributeBag* bag(FakeCall* c, int32_t scope) noexcept {
    if (scope == SMPPD_SCOPE_CALL) return &c->attributes_;
    if (scope == SMPPD_SCOPE_SESSION) return &c->session_->attributes();
    return nullptr;
  }
  static const AttributeBag* bag(const FakeCall* c, int32_t scope) noexcept {
    if (scope == SMPPD_SCOPE_CALL) return &c->attributes_;
    if (scope == SMPPD_SCOPE_SESSION) return &c->session_->attributes();
    return nullptr;
  }
  static smppd_message* call_message(smppd_call* handle) noexcept {
    return handle == nullptr ? nullptr : call(handle)->message_->handle();
  }
  static int32_t session_info(const smppd_call* handle, smppd_session_info* out) noexcept {
    if (handle == nullptr) return SMPPD_E_INVALID;
    return fill_what_fits(call(handle)->session_->c_info(), out);
  }
  static int32_t attr_set(smppd_call* handle, int32_t scope, smppd_plugin_view key, AttributeValue value) noexcept {
    if (handle == nullptr || !valid_view(key) || key.size == 0) return SMPPD_E_INVALID;
    AttributeBag* target = bag(call(handle), scope);
    if (target == nullptr) return SMPPD_E_INVALID;
    try {
      target->set(view_of(key), std::move(value));
      return SMPPD_OK;
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t attr_set_string(smppd_call* handle, int32_t scope, smppd_plugin_view key, smppd_plugin_view value) noexcept {
    if (!valid_view(value)) return SMPPD_E_INVALID;
    try {
      return attr_set(handle, scope, key, std::string(view_of(value)));
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t attr_set_int(smppd_call* handle, int32_t scope, smppd_plugin_view key, int64_t value) noexcept {
    return attr_set(handle, scope, key, value);
  }
  static const AttributeValue* attr_find(const smppd_call* handle, int32_t scope, smppd_plugin_view key, int32_t* rc) noexcept {
    *rc = SMPPD_E_INVALID;
    if (handle == nullptr || !valid_view(key) || key.size == 0) return nullptr;
    const AttributeBag* source = bag(call(handle), scope);
    if (source == nullptr) return nullptr;
    auto it = source->values_.find(view_of(key));
    if (it == source->values_.end()) {
      *rc = SMPPD_E_NOT_FOUND;
      return nullptr;
    }
    *rc = SMPPD_OK;
    return &it->second;
  }
  static int32_t attr_get_string(const smppd_call* handle, int32_t scope, smppd_plugin_view key, smppd_host_view* out) noexcept {
    if (out == nullptr) return SMPPD_E_INVALID;
    int32_t rc = SMPPD_OK;
    const AttributeValue* value = attr_find(handle, scope, key, &rc);
    if (value == nullptr) return rc;
    if (!std::holds_alternative<std::string>(*value)) return SMPPD_E_INVALID;
    *out = host_view(std::get<std::string>(*value));
    return SMPPD_OK;
  }
  static int32_t attr_get_int(const smppd_call* handle, int32_t scope, smppd_plugin_view key, int64_t* out) noexcept {
    if (out == nullptr) return SMPPD_E_INVALID;
    int32_t rc = SMPPD_OK;
    const AttributeValue* value = attr_find(handle, scope, key, &rc);
    if (value == nullptr) return rc;
    if (!std::holds_alternative<int64_t>(*value)) return SMPPD_E_INVALID;
    *out = std::get<int64_t>(*value);
    return SMPPD_OK;
  }
  static int32_t attr_remove(smppd_call* handle, int32_t scope, smppd_plugin_view key) noexcept {
    if (handle == nullptr || !valid_view(key) || key.size == 0) return SMPPD_E_INVALID;
    AttributeBag* target = bag(call(handle), scope);
    if (target == nullptr) return SMPPD_E_INVALID;
    return target->remove(view_of(key)) ? SMPPD_OK : SMPPD_E_NOT_FOUND;
  }
  static int32_t call_route(const smppd_call* handle, smppd_host_view* route_name, smppd_host_view* cluster_name) noexcept {
    if (handle == nullptr || route_name == nullptr || cluster_name == nullptr) return SMPPD_E_INVALID;
    const FakeCall* c = call(handle);
    ++c->route_lookups_;
    if (!c->route_) return SMPPD_E_NOT_FOUND;
    *route_name = host_view(c->route_->first);
    *cluster_name = host_view(c->route_->second);
    return SMPPD_OK;
  }
  // The fake clock: it stands still within a turn, as the host's stamp does.
  static int64_t call_now_ns(const smppd_call*) noexcept { return monotonic_ns(); }

  // async
  static int32_t resume(uint64_t token, int32_t verdict, uint32_t command_status) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    try {
      return host->resume(token, verdict, command_status);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t token_attr_set_string(uint64_t token, int32_t scope, smppd_plugin_view key, smppd_plugin_view value) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (!valid_view(key) || key.size == 0 || !valid_view(value)) return SMPPD_E_INVALID;
    try {
      return host->token_attr(token, scope, std::string(view_of(key)), std::string(view_of(value)));
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t token_attr_set_int(uint64_t token, int32_t scope, smppd_plugin_view key, int64_t value) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (!valid_view(key) || key.size == 0) return SMPPD_E_INVALID;
    try {
      return host->token_attr(token, scope, std::string(view_of(key)), value);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t run_blocking(smppd_work_fn fn, void* context) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (fn == nullptr) return SMPPD_E_INVALID;
    try {
      return host->submit(fn, context);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t schedule(int64_t delay_ns, smppd_work_fn fn, void* context) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (fn == nullptr || delay_ns < 0) return SMPPD_E_INVALID;
    try {
      return host->add_timer(delay_ns, [fn, context] { fn(context); });
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  // upstream
  static int32_t complete(uint64_t token, uint32_t command_status, smppd_plugin_view message_id) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (!valid_view(message_id)) return SMPPD_E_INVALID;
    if (message_id.size > 64) return SMPPD_E_RANGE;  // a C-Octet String of 65, as smppd checks
    try {
      return host->complete(token, command_status, view_of(message_id));
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static smppd_message* message_new(uint32_t command_id) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return nullptr;
    try {
      return host->message_new(command_id);
    } catch (...) {
      return nullptr;
    }
  }
  static void message_free(smppd_message* message) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr || message == nullptr) return;
    try {
      host->message_free(message);
    } catch (...) {
    }
  }
  static int32_t deliver(smppd_upstream* upstream, smppd_message* message) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    try {
      return host->deliver(upstream, message);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static int32_t probe_enquire_link(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (timeout_ns <= 0) return SMPPD_E_INVALID;
    try {
      return host->probe(endpoint_id, timeout_ns, token);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }

  // state
  static int32_t state_execute(const smppd_state_op* ops, uint32_t count, smppd_state_done_fn done,
                               void* user_data) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return SMPPD_E_INTERNAL;
    if (ops == nullptr || count == 0 || count > cxx::state::kMaxBatchOps || done == nullptr) return SMPPD_E_INVALID;
    for (uint32_t i = 0; i < count; ++i) {
      if (!cxx::state::check_c_op(ops[i]).empty()) return SMPPD_E_INVALID;
    }
    try {
      std::vector<cxx::state::StateOp> copied;  // the plugin's ops are valid during this call only
      copied.reserve(count);
      for (uint32_t i = 0; i < count; ++i) copied.push_back(cxx::state::op_from_c(ops[i]));
      return host->state_execute(std::move(copied), done, user_data);
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
  }
  static void state_complete(smppd_state_completion* completion, const smppd_state_batch_result* result) noexcept {
    FakeHost* host = FakeHost::active();
    if (host == nullptr) return;
    try {
      host->state_complete(completion, result);
    } catch (...) {
    }
  }
  static int32_t state_available() noexcept {
    FakeHost* host = FakeHost::active();
    return host == nullptr ? 0 : host->state_available();
  }
  static int32_t state_shared() noexcept {
    FakeHost* host = FakeHost::active();
    return host != nullptr && host->state_shared() ? 1 : 0;
  }
};

// --- FakeHost -------------------------------------------------------------------------------------

FakeHost::FakeHost() : FakeHost(Options{}) {}

FakeHost::FakeHost(Options options)
    : monotonic_ns_(options.monotonic_ns),
      realtime_ns_(options.realtime_ns),
      worker_count_(options.worker_count),
      log_level_(options.log_level),
      echo_logs_(options.echo_logs),
      capacity_(options.blocking_queue_capacity) {
  FakeHost* expected = nullptr;
  if (!g_active.compare_exchange_strong(expected, this)) {
    throw std::logic_error("another FakeHost is active: one at a time (the ABI's any-thread functions carry no host)");
  }

  core_.struct_size = sizeof core_;
  core_.monotonic_ns = &FakeAbi::monotonic_ns;
  core_.realtime_ns = &FakeAbi::realtime_ns;
  core_.worker_count = &FakeAbi::worker_count;
  core_.current_worker = &FakeAbi::current_worker;

  log_.struct_size = sizeof log_;
  log_.enabled = &FakeAbi::log_enabled;
  log_.write = &FakeAbi::log_write;
  log_.write_named = &FakeAbi::log_write_named;

  metrics_.struct_size = sizeof metrics_;
  metrics_.define = &FakeAbi::metric_define;
  metrics_.counter_add = &FakeAbi::counter_add;
  metrics_.gauge_set = &FakeAbi::gauge_set;
  metrics_.gauge_add = &FakeAbi::gauge_add;
  metrics_.histogram_record = &FakeAbi::histogram_record;

  message_.struct_size = sizeof message_;
  message_.command_id = &FakeAbi::command_id;
  message_.get_string = &FakeAbi::get_string;
  message_.set_string = &FakeAbi::set_string;
  message_.get_int = &FakeAbi::get_int;
  message_.set_int = &FakeAbi::set_int;
  message_.tlv_count = &FakeAbi::tlv_count;
  message_.tlv_at = &FakeAbi::tlv_at;
  message_.tlv_get = &FakeAbi::tlv_get;
  message_.tlv_set = &FakeAbi::tlv_set;
  message_.tlv_remove = &FakeAbi::tlv_remove;
  message_.text = &FakeAbi::text;

  call_.struct_size = sizeof call_;
  call_.message = &FakeAbi::call_message;
  call_.session_info = &FakeAbi::session_info;
  call_.attr_set_string = &FakeAbi::attr_set_string;
  call_.attr_set_int = &FakeAbi::attr_set_int;
  call_.attr_get_string = &FakeAbi::attr_get_string;
  call_.attr_get_int = &FakeAbi::attr_get_int;
  call_.attr_remove = &FakeAbi::attr_remove;
  call_.route = &FakeAbi::call_route;
  call_.now_ns = &FakeAbi::call_now_ns;

  async_.struct_size = sizeof async_;
  async_.resume = &FakeAbi::resume;
  async_.token_attr_set_string = &FakeAbi::token_attr_set_string;
  async_.token_attr_set_int = &FakeAbi::token_attr_set_int;
  async_.run_blocking = &FakeAbi::run_blocking;
  async_.schedule = &FakeAbi::schedule;

  upstream_.struct_size = sizeof upstream_;
  upstream_.complete = &FakeAbi::complete;
  upstream_.message_new = &FakeAbi::message_new;
  upstream_.message_free = &FakeAbi::message_free;
  upstream_.deliver = &FakeAbi::deliver;
  upstream_.probe_enquire_link = &FakeAbi::probe_enquire_link;

  state_.struct_size = sizeof state_;
  state_.execute = &FakeAbi::state_execute;
  state_.complete = &FakeAbi::state_complete;
  state_.available = &FakeAbi::state_available;
  state_.shared = &FakeAbi::state_shared;

  api_.struct_size = sizeof api_;
  api_.abi_major = SMPPD_ABI_VERSION_MAJOR;
  api_.abi_minor = SMPPD_ABI_VERSION_MINOR;
  api_.product_version = "0.0.0-fake";
  api_.core = &core_;
  api_.log = &log_;
  api_.metrics = &metrics_;
  api_.message = &message_;
  api_.call = &call_;
  api_.async = &async_;
  api_.upstream = &upstream_;
  api_.state = &state_;
  api_.admin = &admin_.table();

  try {
    start_pool(std::max<size_t>(1, options.blocking_threads));
    state_thread_ = std::thread([this] { state_loop(); });
  } catch (...) {
    stopping_ = true;
    pool_wake_.notify_all();
    for (auto& thread : threads_) thread.join();
    g_active.store(nullptr);
    throw;
  }
}

FakeHost::~FakeHost() {
  // As smppd at its stop: waiting timers run at once, so their contexts are freed.
  try {
    stop_timers();
  } catch (...) {
  }
  // Then every state answer still owed is delivered, once: it may free the plugin's context.
  stop_state();
  {
    std::lock_guard lock(pool_mutex_);
    stopping_ = true;
    held_ = false;
  }
  pool_wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  // Work that ran until now could still call back: only now may the host go away.
  g_active.store(nullptr);
}

FakeHost* FakeHost::active() noexcept { return g_active.load(); }

void FakeHost::set_current_worker(int32_t worker) noexcept { t_current_worker = worker; }

const smppd_plugin_ref* FakeHost::plugin(std::string_view name) {
  std::lock_guard lock(refs_mutex_);
  for (const auto& ref : refs_) {
    if (ref->name == name) return reinterpret_cast<const smppd_plugin_ref*>(ref.get());
  }
  refs_.push_back(std::make_unique<PluginRefImpl>(PluginRefImpl{std::string(name)}));
  return reinterpret_cast<const smppd_plugin_ref*>(refs_.back().get());
}

std::string FakeHost::plugin_name(const smppd_plugin_ref* plugin) const {
  std::lock_guard lock(refs_mutex_);
  for (const auto& ref : refs_) {
    if (reinterpret_cast<const smppd_plugin_ref*>(ref.get()) == plugin) return ref->name;
  }
  return plugin == nullptr ? "(null plugin)" : "(unknown plugin)";
}

// --- logs

void FakeHost::write_log(const smppd_plugin_ref* plugin, int32_t level, std::string_view message,
                         std::string_view logger) {
  LogRecord record{level, plugin_name(plugin), std::string(message), std::string(logger)};
  if (echo_logs_.load()) {
    std::fprintf(stderr, "[fake-host %d %s%s%s] %s\n", level, record.plugin.c_str(), logger.empty() ? "" : ".",
                 record.logger.c_str(), record.message.c_str());
  }
  std::lock_guard lock(logs_mutex_);
  logs_.push_back(std::move(record));
}

std::vector<LogRecord> FakeHost::logs() const {
  std::lock_guard lock(logs_mutex_);
  return logs_;
}

bool FakeHost::logged(int32_t level, std::string_view needle) const {
  std::lock_guard lock(logs_mutex_);
  return std::any_of(logs_.begin(), logs_.end(), [&](const LogRecord& r) {
    return (level < 0 || r.level == level) && r.message.find(needle) != std::string::npos;
  });
}

size_t FakeHost::log_count(int32_t level) const {
  std::lock_guard lock(logs_mutex_);
  return static_cast<size_t>(std::count_if(logs_.begin(), logs_.end(), [&](const LogRecord& r) { return r.level == level; }));
}

void FakeHost::clear_logs() {
  std::lock_guard lock(logs_mutex_);
  logs_.clear();
}

// --- metrics

int32_t FakeHost::define_metric(const smppd_plugin_ref* plugin, int32_t type, std::string_view name, std::string_view help,
                                uint32_t* id_out) {
  if (id_out == nullptr || name.empty()) return SMPPD_E_INVALID;
  if (type != SMPPD_METRIC_COUNTER && type != SMPPD_METRIC_GAUGE && type != SMPPD_METRIC_HISTOGRAM) return SMPPD_E_INVALID;
  const std::string owner = plugin_name(plugin);
  std::lock_guard lock(metrics_mutex_);
  for (const auto& record : metric_records_) {
    if (record.plugin == owner && record.name == name) {
      if (record.type != type) return SMPPD_E_INVALID;
      *id_out = record.id;
      return SMPPD_OK;
    }
  }
  MetricRecord record;
  record.id = static_cast<uint32_t>(metric_records_.size() + 1);
  record.plugin = owner;
  record.name = std::string(name);
  record.type = type;
  record.help = std::string(help);
  metric_records_.push_back(std::move(record));
  *id_out = metric_records_.back().id;
  return SMPPD_OK;
}

void FakeHost::update_metric(uint32_t id, const std::function<void(MetricRecord&)>& change) {
  std::lock_guard lock(metrics_mutex_);
  if (id == 0 || id > metric_records_.size()) {
    ++unknown_metric_updates_;
    return;
  }
  change(metric_records_[id - 1]);
}

std::optional<MetricRecord> FakeHost::metric(std::string_view name) const {
  std::lock_guard lock(metrics_mutex_);
  for (const auto& record : metric_records_) {
    if (record.name == name || "smppd.plugin." + record.plugin + "." + record.name == name) return record;
  }
  return std::nullopt;
}

uint64_t FakeHost::counter(std::string_view name) const {
  auto record = metric(name);
  return record ? record->counter : 0;
}

int64_t FakeHost::gauge(std::string_view name) const {
  auto record = metric(name);
  return record ? record->gauge : 0;
}

std::vector<uint64_t> FakeHost::histogram(std::string_view name) const {
  auto record = metric(name);
  return record ? record->samples : std::vector<uint64_t>{};
}

std::vector<MetricRecord> FakeHost::metrics() const {
  std::lock_guard lock(metrics_mutex_);
  return metric_records_;
}

uint64_t FakeHost::unknown_metric_updates() const {
  std::lock_guard lock(metrics_mutex_);
  return unknown_metric_updates_;
}

// --- tokens

uint64_t FakeHost::new_token(FakeCall* call) {
  std::lock_guard lock(tokens_mutex_);
  const uint64_t token = ++next_token_;
  tokens_[token].call = call;
  return token;
}

std::optional<TokenState> FakeHost::token_state(uint64_t token) const {
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second.state;
}

std::optional<Resumption> FakeHost::resumption(uint64_t token) const {
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.state != TokenState::resumed) return std::nullopt;
  return it->second.resumption;
}

std::optional<Resumption> FakeHost::wait_for_resume(uint64_t token, std::chrono::milliseconds timeout) {
  std::unique_lock lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  tokens_changed_.wait_for(lock, timeout, [&] { return it->second.state != TokenState::pending; });
  Token& entry = it->second;
  if (entry.state != TokenState::resumed) return std::nullopt;
  if (!entry.applied && entry.call != nullptr) {
    entry.applied = true;
    for (const auto& [scope, attribute] : entry.resumption.attributes) {
      AttributeBag* target = scope == SMPPD_SCOPE_SESSION ? &entry.call->session().attributes() : &entry.call->attributes();
      target->set(attribute.first, attribute.second);
    }
  }
  return entry.resumption;
}

bool FakeHost::cancel(uint64_t token) {
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.state != TokenState::pending) return false;
  it->second.state = TokenState::cancelled;
  it->second.call = nullptr;
  tokens_changed_.notify_all();
  return true;
}

uint64_t FakeHost::late_resumes() const {
  std::lock_guard lock(tokens_mutex_);
  return late_resumes_;
}

uint64_t FakeHost::repeat_resumes() const {
  std::lock_guard lock(tokens_mutex_);
  return repeat_resumes_;
}

int32_t FakeHost::resume(uint64_t token, int32_t verdict, uint32_t command_status) {
  if (verdict != SMPPD_CONTINUE && verdict != SMPPD_STOP) return SMPPD_E_INVALID;
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.state == TokenState::cancelled) {
    ++late_resumes_;
    return SMPPD_E_NOT_FOUND;
  }
  if (it->second.state == TokenState::resumed) {
    ++repeat_resumes_;
    return SMPPD_E_NOT_FOUND;  // as the host: a token is pending until its one resume
  }
  it->second.state = TokenState::resumed;
  it->second.resumption.verdict = verdict;
  it->second.resumption.command_status = verdict == SMPPD_STOP ? command_status : 0;
  tokens_changed_.notify_all();
  return SMPPD_OK;
}

int32_t FakeHost::token_attr(uint64_t token, int32_t scope, std::string key, AttributeValue value) {
  if (scope != SMPPD_SCOPE_CALL && scope != SMPPD_SCOPE_SESSION) return SMPPD_E_INVALID;
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.state == TokenState::cancelled) return SMPPD_E_NOT_FOUND;
  if (it->second.state == TokenState::resumed) return SMPPD_E_NOT_FOUND;
  it->second.resumption.attributes.emplace_back(scope, std::make_pair(std::move(key), std::move(value)));
  return SMPPD_OK;
}

// --- run_blocking

void FakeHost::start_pool(size_t threads) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { pool_loop(); });
}

void FakeHost::pool_loop() {
  t_current_worker = -1;
  std::unique_lock lock(pool_mutex_);
  for (;;) {
    pool_wake_.wait(lock, [&] { return stopping_ || (!held_ && !queue_.empty()); });
    if (queue_.empty()) {
      if (stopping_) return;
      continue;
    }
    const Work work = queue_.front();
    queue_.pop_front();
    ++running_;
    lock.unlock();
    work.fn(work.context);
    lock.lock();
    --running_;
    ++completed_;
    pool_idle_.notify_all();
  }
}

int32_t FakeHost::submit(smppd_work_fn fn, void* context) {
  {
    std::lock_guard lock(pool_mutex_);
    if (stopping_) return SMPPD_E_STATE;
    if (busy_ || queue_.size() >= capacity_) {
      ++rejected_;
      return SMPPD_E_BUSY;
    }
    queue_.push_back(Work{fn, context});
    ++accepted_;
  }
  pool_wake_.notify_one();
  return SMPPD_OK;
}

void FakeHost::set_blocking_capacity(size_t capacity) {
  std::lock_guard lock(pool_mutex_);
  capacity_ = capacity;
}

void FakeHost::hold_blocking() {
  std::lock_guard lock(pool_mutex_);
  held_ = true;
}

void FakeHost::release_blocking() {
  {
    std::lock_guard lock(pool_mutex_);
    held_ = false;
  }
  pool_wake_.notify_all();
}

void FakeHost::set_blocking_busy(bool busy) {
  std::lock_guard lock(pool_mutex_);
  busy_ = busy;
}

bool FakeHost::wait_blocking_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(pool_mutex_);
  return pool_idle_.wait_for(lock, timeout, [&] { return queue_.empty() && running_ == 0; });
}

uint64_t FakeHost::blocking_accepted() const {
  std::lock_guard lock(pool_mutex_);
  return accepted_;
}

uint64_t FakeHost::blocking_rejected() const {
  std::lock_guard lock(pool_mutex_);
  return rejected_;
}

uint64_t FakeHost::blocking_completed() const {
  std::lock_guard lock(pool_mutex_);
  return completed_;
}

size_t FakeHost::blocking_queued() const {
  std::lock_guard lock(pool_mutex_);
  return queue_.size();
}

// --- timers

int32_t FakeHost::add_timer(int64_t delay_ns, std::function<void()> callback) {
  std::lock_guard lock(timers_mutex_);
  if (timers_stopped_) return SMPPD_E_STATE;
  const TimerKey key{monotonic_ns_.load() + delay_ns, next_timer_sequence_++};
  timers_.emplace(key, std::move(callback));
  ++timers_scheduled_;
  return SMPPD_OK;
}

bool FakeHost::run_next_timer(std::optional<int64_t> limit_ns) {
  std::function<void()> callback;
  int64_t due_ns = 0;
  {
    std::lock_guard lock(timers_mutex_);
    if (timers_.empty()) return false;
    auto first = timers_.begin();
    if (limit_ns && first->first.due_ns > *limit_ns) return false;
    due_ns = first->first.due_ns;
    callback = std::move(first->second);
    timers_.erase(first);
    ++timers_run_;
  }
  if (limit_ns) move_clocks_to(due_ns);  // at stop, timers run early: the clocks stay
  callback();  // unlocked: a callback may schedule again
  return true;
}

void FakeHost::move_clocks_to(int64_t monotonic_ns) noexcept {
  const int64_t by = monotonic_ns - monotonic_ns_.load();
  if (by <= 0) return;
  monotonic_ns_.fetch_add(by);
  realtime_ns_.fetch_add(by);
}

size_t FakeHost::advance(std::chrono::nanoseconds by) {
  const int64_t target = monotonic_ns_.load() + std::max<int64_t>(0, by.count());
  size_t ran = 0;
  while (run_next_timer(target)) ++ran;
  move_clocks_to(target);
  return ran;
}

size_t FakeHost::run_due_timers() { return advance(std::chrono::nanoseconds(0)); }

size_t FakeHost::stop_timers() {
  {
    std::lock_guard lock(timers_mutex_);
    timers_stopped_ = true;
  }
  size_t ran = 0;
  while (run_next_timer(std::nullopt)) ++ran;
  return ran;
}

size_t FakeHost::pending_timers() const {
  std::lock_guard lock(timers_mutex_);
  return timers_.size();
}

std::optional<int64_t> FakeHost::next_timer_ns() const {
  std::lock_guard lock(timers_mutex_);
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first.due_ns;
}

uint64_t FakeHost::timers_scheduled() const {
  std::lock_guard lock(timers_mutex_);
  return timers_scheduled_;
}

uint64_t FakeHost::timers_run() const {
  std::lock_guard lock(timers_mutex_);
  return timers_run_;
}

// --- the upstream table

uint64_t FakeHost::new_submit_token() {
  std::lock_guard lock(upstream_mutex_);
  const uint64_t token = ++next_submit_token_;
  submits_.emplace(token, Submit{});
  return token;
}

int32_t FakeHost::complete(uint64_t token, uint32_t command_status, std::string_view message_id) {
  std::lock_guard lock(upstream_mutex_);
  auto it = submits_.find(token);
  if (it == submits_.end()) {
    ++unknown_completions_;
    return SMPPD_E_NOT_FOUND;
  }
  if (it->second.completion) {
    ++repeat_completions_;
    return SMPPD_E_NOT_FOUND;
  }
  Completion completion{command_status, std::string(message_id), monotonic_ns_.load()};
  it->second.completion = completion;
  completion_order_.emplace_back(token, std::move(completion));
  return SMPPD_OK;
}

std::optional<Completion> FakeHost::completion(uint64_t token) const {
  std::lock_guard lock(upstream_mutex_);
  auto it = submits_.find(token);
  if (it == submits_.end()) return std::nullopt;
  return it->second.completion;
}

std::vector<std::pair<uint64_t, Completion>> FakeHost::completions() const {
  std::lock_guard lock(upstream_mutex_);
  return completion_order_;
}

size_t FakeHost::completion_count() const {
  std::lock_guard lock(upstream_mutex_);
  return completion_order_.size();
}

uint64_t FakeHost::unknown_completions() const {
  std::lock_guard lock(upstream_mutex_);
  return unknown_completions_;
}

uint64_t FakeHost::repeat_completions() const {
  std::lock_guard lock(upstream_mutex_);
  return repeat_completions_;
}

namespace {

// The commands smppd's codec knows: message_new makes nothing else.
bool is_known_command(uint32_t command_id) noexcept {
  constexpr uint32_t kRequests[] = {
      SMPPD_CMD_BIND_RECEIVER, SMPPD_CMD_BIND_TRANSMITTER, SMPPD_CMD_QUERY_SM, SMPPD_CMD_SUBMIT_SM,
      SMPPD_CMD_DELIVER_SM, SMPPD_CMD_UNBIND, SMPPD_CMD_REPLACE_SM, SMPPD_CMD_CANCEL_SM,
      SMPPD_CMD_BIND_TRANSCEIVER, SMPPD_CMD_OUTBIND, SMPPD_CMD_ENQUIRE_LINK, SMPPD_CMD_SUBMIT_MULTI,
      SMPPD_CMD_ALERT_NOTIFICATION, SMPPD_CMD_DATA_SM, SMPPD_CMD_BROADCAST_SM, SMPPD_CMD_QUERY_BROADCAST_SM,
      SMPPD_CMD_CANCEL_BROADCAST_SM};
  if (command_id == SMPPD_CMD_GENERIC_NACK) return true;
  const uint32_t request = command_id & ~SMPPD_CMD_RESPONSE_BIT;
  return std::find(std::begin(kRequests), std::end(kRequests), request) != std::end(kRequests);
}

}  // namespace

smppd_message* FakeHost::message_new(uint32_t command_id) {
  if (!is_known_command(command_id)) return nullptr;
  auto message = std::make_unique<FakeMessage>(command_id, 0);
  smppd_message* handle = message->handle();
  std::lock_guard lock(upstream_mutex_);
  live_messages_.emplace(handle, std::move(message));
  ++messages_created_;
  return handle;
}

void FakeHost::message_free(smppd_message* message) {
  std::lock_guard lock(upstream_mutex_);
  if (live_messages_.erase(message) == 0) {
    ++invalid_message_frees_;
    return;
  }
  ++messages_freed_;
}

int32_t FakeHost::deliver(smppd_upstream* upstream, smppd_message* message) {
  std::lock_guard lock(upstream_mutex_);
  auto it = live_messages_.find(message);
  if (it == live_messages_.end()) {
    if (message != nullptr) ++invalid_message_frees_;
    return SMPPD_E_INVALID;
  }
  std::unique_ptr<FakeMessage> taken = std::move(it->second);
  live_messages_.erase(it);
  if (upstream == nullptr) return SMPPD_E_INVALID;  // taken and dropped, as smppd does
  if (deliver_result_ != SMPPD_OK) {
    ++deliveries_refused_;
    return deliver_result_;
  }
  deliveries_.push_back(Delivery{upstream, taken.get(), monotonic_ns_.load()});
  delivered_messages_.push_back(std::move(taken));
  return SMPPD_OK;
}

uint64_t FakeHost::messages_created() const {
  std::lock_guard lock(upstream_mutex_);
  return messages_created_;
}

uint64_t FakeHost::messages_freed() const {
  std::lock_guard lock(upstream_mutex_);
  return messages_freed_;
}

size_t FakeHost::live_messages() const {
  std::lock_guard lock(upstream_mutex_);
  return live_messages_.size();
}

uint64_t FakeHost::invalid_message_frees() const {
  std::lock_guard lock(upstream_mutex_);
  return invalid_message_frees_;
}

std::vector<Delivery> FakeHost::deliveries() const {
  std::lock_guard lock(upstream_mutex_);
  return deliveries_;
}

size_t FakeHost::delivery_count() const {
  std::lock_guard lock(upstream_mutex_);
  return deliveries_.size();
}

void FakeHost::clear_deliveries() {
  std::lock_guard lock(upstream_mutex_);
  deliveries_.clear();
  delivered_messages_.clear();
}

void FakeHost::set_deliver_result(int32_t result) {
  std::lock_guard lock(upstream_mutex_);
  deliver_result_ = result;
}

uint64_t FakeHost::deliveries_refused() const {
  std::lock_guard lock(upstream_mutex_);
  return deliveries_refused_;
}

int32_t FakeHost::probe(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token) {
  ProbeAnswer answer;
  {
    std::lock_guard lock(upstream_mutex_);
    probes_.push_back(Probe{endpoint_id, timeout_ns, token});
    auto it = probe_script_.find(endpoint_id);
    if (it == probe_script_.end()) return SMPPD_E_NOT_FOUND;
    answer = it->second;
  }
  if (answer.result != SMPPD_OK || !answer.verdict) return answer.result;
  const int32_t verdict = *answer.verdict;
  // The resp comes later, as from the network: never inside the call.
  return add_timer(std::max<int64_t>(0, answer.delay.count()), [this, token, verdict] { (void)resume(token, verdict, 0); });
}

void FakeHost::script_probe(uint64_t endpoint_id, ProbeAnswer answer) {
  std::lock_guard lock(upstream_mutex_);
  probe_script_[endpoint_id] = answer;
}

void FakeHost::forget_probe(uint64_t endpoint_id) {
  std::lock_guard lock(upstream_mutex_);
  probe_script_.erase(endpoint_id);
}

std::vector<Probe> FakeHost::probes() const {
  std::lock_guard lock(upstream_mutex_);
  return probes_;
}

// --- the state store

int32_t FakeHost::state_execute(std::vector<cxx::state::StateOp> ops, smppd_state_done_fn done, void* user_data) {
  {
    std::lock_guard lock(state_mutex_);
    if (state_stopping_) return SMPPD_E_STATE;
    if (state_execute_result_ != SMPPD_OK) return state_execute_result_;
    ++state_batches_;
    cxx::state::BatchResult result =
        state_available_ ? state_store_.apply(ops, realtime_ns() / 1000)
                         : cxx::state::refused_batch(ops.size(), cxx::state::StateStatus{cxx::state::StateCode::unavailable,
                                                                                         "the fake host's state store is unavailable"});
    state_answers_.push_back([done, user_data, result = std::move(result)] {
      const cxx::state::CBatchResult answer(result);
      done(user_data, answer.get());
    });
  }
  state_wake_.notify_all();
  return SMPPD_OK;
}

int32_t FakeHost::state_available() const {
  std::lock_guard lock(state_mutex_);
  return state_available_ ? 1 : 0;
}

void FakeHost::state_loop() {
  std::unique_lock lock(state_mutex_);
  for (;;) {
    state_wake_.wait(lock, [this] { return state_stopping_ || (!state_held_ && !state_answers_.empty()); });
    if (state_answers_.empty()) return;  // stopping, everything delivered
    std::function<void()> answer = std::move(state_answers_.front());
    state_answers_.pop_front();
    state_delivering_ = true;
    lock.unlock();
    try {
      answer();
    } catch (...) {
    }
    lock.lock();
    state_delivering_ = false;
    state_idle_.notify_all();
  }
}

void FakeHost::stop_state() {
  {
    std::lock_guard lock(state_mutex_);
    state_stopping_ = true;  // delivers what is held too
  }
  state_wake_.notify_all();
  if (state_thread_.joinable()) state_thread_.join();
}

cxx::state::BatchResult FakeHost::state_apply(const std::vector<cxx::state::StateOp>& ops) {
  std::lock_guard lock(state_mutex_);
  return state_store_.apply(ops, realtime_ns() / 1000);
}

std::optional<std::string> FakeHost::state_value(std::string_view key) const {
  std::lock_guard lock(state_mutex_);
  return state_store_.value(key, realtime_ns() / 1000);
}

std::vector<FakeStateStore::Publication> FakeHost::state_published() const {
  std::lock_guard lock(state_mutex_);
  return state_store_.published();
}

void FakeHost::set_state_shared(bool shared) {
  std::lock_guard lock(state_mutex_);
  state_shared_ = shared;
}

bool FakeHost::state_shared() const {
  std::lock_guard lock(state_mutex_);
  return state_shared_;
}

void FakeHost::set_state_available(bool available) {
  std::lock_guard lock(state_mutex_);
  state_available_ = available;
}

void FakeHost::set_state_execute_result(int32_t result) {
  std::lock_guard lock(state_mutex_);
  state_execute_result_ = result;
}

void FakeHost::hold_state_answers() {
  std::lock_guard lock(state_mutex_);
  state_held_ = true;
}

void FakeHost::release_state_answers() {
  {
    std::lock_guard lock(state_mutex_);
    state_held_ = false;
  }
  state_wake_.notify_all();
}

bool FakeHost::wait_state_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_mutex_);
  return state_idle_.wait_for(lock, timeout, [this] { return state_answers_.empty() && !state_delivering_; });
}

uint64_t FakeHost::state_batches() const {
  std::lock_guard lock(state_mutex_);
  return state_batches_;
}

size_t FakeHost::state_answers_waiting() const {
  std::lock_guard lock(state_mutex_);
  return state_answers_.size();
}

smppd_state_completion* FakeHost::new_state_completion(uint32_t op_count) {
  std::lock_guard lock(state_mutex_);
  const uint64_t id = next_state_completion_++;
  state_completions_[id].op_count = op_count;
  return reinterpret_cast<smppd_state_completion*>(static_cast<uintptr_t>(id));
}

void FakeHost::state_complete(smppd_state_completion* completion, const smppd_state_batch_result* result) {
  {
    std::lock_guard lock(state_mutex_);
    auto found = state_completions_.find(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(completion)));
    if (found == state_completions_.end() || found->second.result) {
      ++repeat_state_completions_;
      return;
    }
    found->second.result = cxx::state::batch_from_c(result, found->second.op_count);
  }
  state_completed_.notify_all();
}

std::optional<cxx::state::BatchResult> FakeHost::state_completion(smppd_state_completion* completion) const {
  std::lock_guard lock(state_mutex_);
  auto found = state_completions_.find(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(completion)));
  if (found == state_completions_.end()) return std::nullopt;
  return found->second.result;
}

std::optional<cxx::state::BatchResult> FakeHost::wait_for_state_completion(smppd_state_completion* completion,
                                                                           std::chrono::milliseconds timeout) {
  const uint64_t id = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(completion));
  std::unique_lock lock(state_mutex_);
  state_completed_.wait_for(lock, timeout, [&] {
    auto found = state_completions_.find(id);
    return found == state_completions_.end() || found->second.result.has_value();
  });
  auto found = state_completions_.find(id);
  if (found == state_completions_.end()) return std::nullopt;
  return found->second.result;
}

uint64_t FakeHost::repeat_state_completions() const {
  std::lock_guard lock(state_mutex_);
  return repeat_state_completions_;
}

// --- drivers --------------------------------------------------------------------------------------

const smppd_factory* find_factory(const smppd_plugin_descriptor* descriptor, int32_t kind, std::string_view name) {
  if (descriptor == nullptr || descriptor->factories == nullptr || descriptor->factory_count == 0) return nullptr;
  // A plugin built for a later minor has larger entries: walk by the first entry's size.
  const uint32_t stride = descriptor->factories[0].struct_size;
  if (stride < sizeof(smppd_factory)) return nullptr;
  const auto* bytes = reinterpret_cast<const unsigned char*>(descriptor->factories);
  for (uint32_t i = 0; i < descriptor->factory_count; ++i) {
    const auto* candidate = reinterpret_cast<const smppd_factory*>(bytes + static_cast<size_t>(stride) * i);
    if (candidate->kind == kind && candidate->name != nullptr && name == candidate->name) return candidate;
  }
  return nullptr;
}

namespace {

std::string_view kind_name(int32_t kind) noexcept {
  switch (kind) {
    case SMPPD_KIND_FILTER: return "filter";
    case SMPPD_KIND_LB_POLICY: return "lb_policy";
    case SMPPD_KIND_HEALTH_CHECKER: return "health_checker";
    case SMPPD_KIND_UPSTREAM: return "upstream";
    default: return "factory";
  }
}

}  // namespace

FactoryDriver::FactoryDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, int32_t kind,
                             std::string_view factory_name)
    : host_(&host), descriptor_(descriptor) {
  if (descriptor == nullptr) throw std::runtime_error("no plugin descriptor");
  if (descriptor->struct_size < sizeof(smppd_plugin_descriptor)) throw std::runtime_error("descriptor struct_size too small");
  if (descriptor->abi_major != SMPPD_ABI_VERSION_MAJOR) throw std::runtime_error("descriptor built for another ABI major");
  factory_ = find_factory(descriptor, kind, factory_name);
  if (factory_ == nullptr) {
    throw std::runtime_error("no " + std::string(kind_name(kind)) + " factory named " + std::string(factory_name));
  }
  plugin_ = host.plugin(descriptor->name != nullptr ? descriptor->name : "unnamed");
}

FactoryDriver::~FactoryDriver() {
  if (config_ != nullptr && config_free_ != nullptr) config_free_(config_);
  if (initialized_ && descriptor_->teardown != nullptr) descriptor_->teardown();
}

void FactoryDriver::require(bool present, std::string_view what) const {
  if (!present) throw std::runtime_error("the " + std::string(factory_->name) + " vtable lacks " + std::string(what));
}

void FactoryDriver::initialize(ConfigNewFn config_new, ConfigFreeFn config_free) {
  config_new_ = config_new;
  config_free_ = config_free;
  if (descriptor_->init != nullptr) {
    std::array<char, 1024> text{};
    smppd_error_buffer error{sizeof(smppd_error_buffer), static_cast<uint32_t>(text.size()), text.data()};
    if (descriptor_->init(host_->api(), plugin_, &error) != SMPPD_OK) {
      throw std::runtime_error("the plugin's init refused: " + std::string(text.data()));
    }
  }
  initialized_ = true;
}

int32_t FactoryDriver::configure(std::string_view json, std::string* error) {
  std::array<char, 4096> text{};
  smppd_error_buffer buffer{sizeof(smppd_error_buffer), static_cast<uint32_t>(text.size()), text.data()};
  void* made = nullptr;
  const int32_t rc = config_new_(host_->api(), plugin_, smppd_host_view{json.data(), json.size()}, &made, &buffer);
  if (rc != SMPPD_OK) {
    if (error != nullptr) *error = text.data();
    if (made != nullptr) config_free_(made);
    return rc;
  }
  if (config_ != nullptr) config_free_(config_);
  config_ = made;
  return rc;
}

// --- FilterDriver

// What one FilterDriver::Session owes its filter: an on_complete for each request on_request saw.
// The session holds it and the FakeCalls of its requests hold it weakly, so a call that ends first
// settles its own requests, and one that ends after the session closed finds nothing owed.
class OwedCompletions : public std::enable_shared_from_this<OwedCompletions> {
 public:
  OwedCompletions(FakeHost& host, const smppd_filter_vtable* vtable, void* instance)
      : host_(&host), vtable_(vtable), instance_(instance) {}

  void add(uint64_t token, FakeCall& call, bool paused) {
    entries_.push_back(Entry{token, &call, paused});
    std::erase_if(call.owed_by_, [](const std::weak_ptr<OwedCompletions>& owner) { return owner.expired(); });
    const bool known = std::any_of(call.owed_by_.begin(), call.owed_by_.end(),
                                   [this](const std::weak_ptr<OwedCompletions>& owner) { return owner.lock().get() == this; });
    if (!known) call.owed_by_.push_back(weak_from_this());
  }

  size_t size() const noexcept { return entries_.size(); }

  bool complete(uint64_t token, const smppd_message* response) {
    auto it = find(token);
    if (it == entries_.end()) return false;
    if (it->paused) {
      const std::optional<TokenState> state = host_->token_state(token);
      if (state == TokenState::pending) {
        throw std::logic_error("complete() while the request's pause is pending: resume or cancel it first");
      }
      if (state != TokenState::resumed) {  // cancelled: owed nothing more
        entries_.erase(it);
        return false;
      }
      (void)host_->wait_for_resume(token, std::chrono::milliseconds(0));  // applies its attributes, once
    }
    const Entry entry = *it;
    entries_.erase(it);
    notify_complete(entry, response);
    return true;
  }

  // The request's pause was cancelled: nothing more is owed for it.
  void forget(uint64_t token) {
    if (auto it = find(token); it != entries_.end()) entries_.erase(it);
  }

  // The session closes: everything still owed, settled as smppd settles it.
  void close() { settle(std::exchange(entries_, {})); }

  // `call` ends: its requests, settled as the session closing would.
  void call_ended(const FakeCall& call) {
    std::vector<Entry> ending;
    std::erase_if(entries_, [&](const Entry& entry) {
      if (entry.call != &call) return false;
      ending.push_back(entry);
      return true;
    });
    settle(std::move(ending));
  }

 private:
  struct Entry {
    uint64_t token;
    FakeCall* call;
    bool paused;  // on_request answered PAUSE
  };

  std::vector<Entry>::iterator find(uint64_t token) {
    return std::find_if(entries_.begin(), entries_.end(), [token](const Entry& entry) { return entry.token == token; });
  }

  void settle(std::vector<Entry> entries) {
    // As smppd: first the pauses still pending are cancelled (on_cancel; no on_complete for them)...
    std::vector<Entry> owed;
    for (const Entry& entry : entries) {
      if (entry.paused && host_->token_state(entry.token) != TokenState::resumed) {
        if (host_->cancel(entry.token) && SMPPD_HAS(vtable_, on_cancel)) vtable_->on_cancel(instance_, entry.token);
        continue;
      }
      owed.push_back(entry);
    }
    // ...then the other requests learn that no response is known.
    for (const Entry& entry : owed) notify_complete(entry, nullptr);
  }

  void notify_complete(const Entry& entry, const smppd_message* response) {
    if (SMPPD_HAS(vtable_, on_complete)) vtable_->on_complete(instance_, entry.call->handle(), response);
  }

  FakeHost* host_;
  const smppd_filter_vtable* vtable_;
  void* instance_;
  std::vector<Entry> entries_;  // in request order
};

FakeCall::~FakeCall() {
  for (const std::weak_ptr<OwedCompletions>& owner : std::exchange(owed_by_, {})) {
    if (std::shared_ptr<OwedCompletions> owed = owner.lock()) owed->call_ended(*this);
  }
}

FilterDriver::FilterDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name)
    : FactoryDriver(host, descriptor, SMPPD_KIND_FILTER, factory_name) {
  vtable_ = static_cast<const smppd_filter_vtable*>(factory().vtable);
  require(SMPPD_HAS(vtable_, config_new) && SMPPD_HAS(vtable_, config_free) && SMPPD_HAS(vtable_, on_request),
          "config_new, config_free or on_request");
  initialize(vtable_->config_new, vtable_->config_free);
}

FilterDriver::Session FilterDriver::open_session(const FakeSession& session) {
  if (config() == nullptr) throw std::runtime_error("open_session before a successful configure");
  if (!SMPPD_HAS(vtable_, session_new)) return Session(*this, config(), false);
  const smppd_session_info info = session.c_info();
  void* instance = nullptr;
  const int32_t rc = vtable_->session_new(config(), &info, &instance);
  if (rc != SMPPD_OK) throw std::runtime_error("session_new failed with " + std::to_string(rc));
  return Session(*this, instance, true);
}

FilterDriver::Session::Session(FilterDriver& driver, void* instance, bool owned)
    : driver_(&driver),
      instance_(instance),
      owned_(owned),
      owed_(std::make_shared<OwedCompletions>(driver.host(), driver.vtable_, instance)) {}

FilterDriver::Session::Session(Session&& other) noexcept
    : driver_(other.driver_), instance_(other.instance_), owned_(other.owned_), owed_(std::move(other.owed_)) {
  other.instance_ = nullptr;
  other.owned_ = false;
}

FilterDriver::Session::~Session() { close(); }

void FilterDriver::Session::close() {
  if (std::shared_ptr<OwedCompletions> owed = std::exchange(owed_, nullptr)) owed->close();
  if (owned_ && instance_ != nullptr && SMPPD_HAS(driver_->vtable_, session_free)) driver_->vtable_->session_free(instance_);
  instance_ = nullptr;
  owned_ = false;
}

FilterOutcome FilterDriver::Session::request(FakeCall& call) {
  if (instance_ == nullptr) throw std::runtime_error("request on a closed session");
  FilterOutcome outcome;
  outcome.token = driver_->host().new_token(&call);
  outcome.verdict = driver_->vtable_->on_request(instance_, call.handle(), outcome.token, &outcome.command_status);
  if (outcome.verdict == SMPPD_CONTINUE || outcome.verdict == SMPPD_STOP || outcome.verdict == SMPPD_PAUSE) {
    owed_->add(outcome.token, call, outcome.verdict == SMPPD_PAUSE);
  } else {
    (void)driver_->host().cancel(outcome.token);  // as smppd does with an answer that is not a verdict
  }
  if (outcome.verdict != SMPPD_STOP) outcome.command_status = 0;
  return outcome;
}

bool FilterDriver::Session::complete(uint64_t token, const FakeMessage& response) {
  return owed_ != nullptr && owed_->complete(token, response.handle());
}

size_t FilterDriver::Session::owed_completions() const noexcept { return owed_ == nullptr ? 0 : owed_->size(); }

FilterOutcome FilterDriver::Session::request_and_wait(FakeCall& call, std::chrono::milliseconds timeout) {
  FilterOutcome outcome = request(call);
  if (outcome.verdict != SMPPD_PAUSE) return outcome;
  auto resumed = driver_->host().wait_for_resume(outcome.token, timeout);
  if (!resumed) return FilterOutcome{SMPPD_STOP, 0xFFFFFFFFu, outcome.token};
  return FilterOutcome{resumed->verdict, resumed->command_status, outcome.token};
}

bool FilterDriver::Session::cancel(uint64_t token) {
  if (!driver_->host().cancel(token)) return false;
  if (owed_ != nullptr) owed_->forget(token);
  if (instance_ != nullptr && SMPPD_HAS(driver_->vtable_, on_cancel)) driver_->vtable_->on_cancel(instance_, token);
  return true;
}

// --- LbDriver

smppd_lb_candidate lb_candidate(uint64_t endpoint_id, uint32_t weight, uint32_t in_flight, uint32_t window,
                                bool same_worker, std::optional<uint64_t> bind_id) {
  smppd_lb_candidate candidate{};
  candidate.struct_size = sizeof candidate;
  candidate.weight = weight;
  candidate.in_flight = in_flight;
  candidate.window = window;
  candidate.endpoint_id = endpoint_id;
  candidate.same_worker = same_worker ? 1 : 0;
  candidate.bind_id = bind_id.value_or(endpoint_id);
  return candidate;
}

LbDriver::LbDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name)
    : FactoryDriver(host, descriptor, SMPPD_KIND_LB_POLICY, factory_name) {
  vtable_ = static_cast<const smppd_lb_vtable*>(factory().vtable);
  require(SMPPD_HAS(vtable_, config_new) && SMPPD_HAS(vtable_, config_free) && SMPPD_HAS(vtable_, worker_new) &&
              SMPPD_HAS(vtable_, worker_free) && SMPPD_HAS(vtable_, pick),
          "config_new, config_free, worker_new, worker_free or pick");
  initialize(vtable_->config_new, vtable_->config_free);
}

LbDriver::Worker LbDriver::open_worker(int32_t index) {
  if (config() == nullptr) throw std::runtime_error("open_worker before a successful configure");
  void* instance = nullptr;
  const int32_t rc = vtable_->worker_new(config(), index, &instance);
  if (rc != SMPPD_OK) throw std::runtime_error("worker_new failed with " + std::to_string(rc));
  return Worker(*this, instance, index);
}

LbDriver::Worker::Worker(Worker&& other) noexcept
    : driver_(other.driver_), instance_(other.instance_), index_(other.index_), layout_(std::move(other.layout_)) {
  other.instance_ = nullptr;
}

LbDriver::Worker::~Worker() { close(); }

void LbDriver::Worker::close() {
  if (instance_ != nullptr) driver_->vtable_->worker_free(instance_);
  instance_ = nullptr;
}

int32_t LbDriver::Worker::pick(std::span<const smppd_lb_candidate> candidates, const FakeMessage* message) {
  if (instance_ == nullptr) throw std::runtime_error("pick on a closed worker");
  const uint32_t stride = driver_->stride_;
  if (stride < sizeof(uint32_t)) throw std::runtime_error("a candidate stride below sizeof(uint32_t)");
  // Laid out as the host does: a newer host's entries with junk past this SDK's struct, an older
  // host's cut short, and nothing after the last entry.
  layout_.assign(std::max<size_t>(1, candidates.size()) * stride, 0xA5);
  const size_t kept = std::min<size_t>(stride, sizeof(smppd_lb_candidate));
  for (size_t i = 0; i < candidates.size(); ++i) {
    smppd_lb_candidate entry = candidates[i];
    entry.struct_size = stride;
    std::memcpy(layout_.data() + i * stride, &entry, kept);
  }
  const FakeMessage& chosen_message = message != nullptr ? *message : driver_->default_message_;
  return driver_->vtable_->pick(instance_, reinterpret_cast<const smppd_lb_candidate*>(layout_.data()),
                                static_cast<uint32_t>(candidates.size()), stride, chosen_message.handle());
}

// --- HealthDriver

smppd_endpoint_info FakeEndpoint::c_info() const noexcept {
  smppd_endpoint_info info{};
  info.struct_size = sizeof info;
  info.port = port;
  info.endpoint_id = endpoint_id;
  info.cluster = host_view(cluster);
  info.name = host_view(name);
  info.address = host_view(address);
  return info;
}

HealthDriver::HealthDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name)
    : FactoryDriver(host, descriptor, SMPPD_KIND_HEALTH_CHECKER, factory_name) {
  vtable_ = static_cast<const smppd_health_checker_vtable*>(factory().vtable);
  require(SMPPD_HAS(vtable_, config_new) && SMPPD_HAS(vtable_, config_free) && SMPPD_HAS(vtable_, check),
          "config_new, config_free or check");
  initialize(vtable_->config_new, vtable_->config_free);
}

HealthOutcome HealthDriver::check(const FakeEndpoint& endpoint, std::chrono::nanoseconds timeout) {
  if (config() == nullptr) throw std::runtime_error("check before a successful configure");
  HealthOutcome outcome;
  outcome.token = host().new_token();
  const smppd_endpoint_info info = endpoint.c_info();
  outcome.verdict = vtable_->check(config(), &info, timeout.count(), outcome.token);
  return outcome;
}

HealthOutcome HealthDriver::check_and_wait(const FakeEndpoint& endpoint, std::chrono::nanoseconds timeout) {
  HealthOutcome outcome = check(endpoint, timeout);
  if (outcome.verdict != SMPPD_PAUSE) return outcome;
  host().advance(timeout);
  if (auto resumed = host().resumption(outcome.token)) {
    outcome.verdict = resumed->verdict;
    return outcome;
  }
  cancel(outcome.token);  // the host's timeout: unhealthy
  outcome.verdict = SMPPD_STOP;
  outcome.timed_out = true;
  return outcome;
}

void HealthDriver::cancel(uint64_t token) {
  host().cancel(token);
  if (config() != nullptr && SMPPD_HAS(vtable_, on_cancel)) vtable_->on_cancel(config(), token);
}

// --- UpstreamDriver

UpstreamDriver::UpstreamDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name)
    : FactoryDriver(host, descriptor, SMPPD_KIND_UPSTREAM, factory_name) {
  vtable_ = static_cast<const smppd_upstream_vtable*>(factory().vtable);
  require(SMPPD_HAS(vtable_, config_new) && SMPPD_HAS(vtable_, config_free) && SMPPD_HAS(vtable_, start) &&
              SMPPD_HAS(vtable_, stop) && SMPPD_HAS(vtable_, submit),
          "config_new, config_free, start, stop or submit");
  initialize(vtable_->config_new, vtable_->config_free);
}

UpstreamDriver::~UpstreamDriver() { stop(); }

int32_t UpstreamDriver::start() {
  if (config() == nullptr) throw std::runtime_error("start before a successful configure");
  if (instance_ != nullptr) return SMPPD_E_STATE;
  void* made = nullptr;
  const int32_t rc = vtable_->start(config(), upstream(), &made);
  if (rc == SMPPD_OK) instance_ = made;
  return rc;
}

SubmitOutcome UpstreamDriver::submit(const FakeMessage& message) {
  if (instance_ == nullptr) throw std::runtime_error("submit before start");
  SubmitOutcome outcome;
  outcome.token = host().new_submit_token();
  outcome.result = vtable_->submit(instance_, message.handle(), outcome.token);
  return outcome;
}

void UpstreamDriver::stop() {
  void* instance = std::exchange(instance_, nullptr);
  if (instance != nullptr) vtable_->stop(instance);
}

}  // namespace smppd::testing
