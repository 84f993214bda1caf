// enquire_link: the one file that touches the plugin ABI (through the C++ SDK). A health checker
// that asks smppd to send enquire_link on a bind of the endpoint and waits for the resp.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "plugins/health/enquire_link/checker_config.h"
#include "smppd/cxx/plugin.hpp"

#ifndef SMPPD_ENQUIRE_LINK_VERSION
#error "SMPPD_ENQUIRE_LINK_VERSION comes from manifests/enquire_link.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::enquire_link {
namespace {

namespace cxx = smppd::cxx;

class EnquireLinkChecker {
 public:
  EnquireLinkChecker(const cxx::Host& host, std::string_view json) : host_(host) {
    check_checker_config(json);
    probes_ = host.counter("probes", "enquire_link probes sent").value_or(cxx::Counter{});
    probe_failures_ = host.counter("probe_failures", "probes smppd could not send (no bind, no entry)")
                          .value_or(cxx::Counter{});
  }

  // Any host thread, several at once: only the host's table and atomic counters are touched.
  // smppd resumes the token with CONTINUE when the resp comes within the timeout, STOP otherwise.
  cxx::Verdict check(const cxx::EndpointInfo& endpoint, std::chrono::nanoseconds timeout, uint64_t token) {
    const int32_t rc = host_.probe_enquire_link(endpoint.endpoint_id, timeout, token);
    if (rc == SMPPD_OK) {
      probes_.add();
      return cxx::Verdict::Pause();
    }
    probe_failures_.add();
    host_.log_lazy(cxx::LogLevel::debug, [&] {
      return "cannot probe " + std::string(endpoint.cluster) + "/" + std::string(endpoint.name) + " (status " +
             std::to_string(rc) + "): unhealthy";
    });
    return cxx::Verdict::Stop(0);
  }

 private:
  cxx::Host host_;
  cxx::Counter probes_;
  cxx::Counter probe_failures_;
};

struct EnquireLink {
  static constexpr const char* name = "enquire_link";
  static constexpr const char* config_schema = kConfigSchema;
  using Config = EnquireLinkChecker;
};

constexpr smppd_factory kFactories[] = {cxx::health_checker_factory<EnquireLink>()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "enquire_link", SMPPD_ENQUIRE_LINK_VERSION, "Health checker: enquire_link on a bind of each endpoint", kFactories);

}  // namespace smppd::plugins::enquire_link

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::enquire_link::kDescriptor);
