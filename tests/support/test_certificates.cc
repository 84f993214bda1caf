#include "tests/support/test_certificates.h"

#include "tests/support/run_command.h"
#include "tests/support/smppd_process.h"

namespace smppd::testing {

namespace {

constexpr const char* kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";

// Runs one openssl command line in `dir`; false with `error` set (and openssl's output) on failure.
bool openssl(const std::string& dir, const std::string& arguments, std::string& error) {
  const std::string command = "cd '" + dir + "' && openssl " + arguments + " 2>&1";
  const CommandResult result = run_command(command);
  if (result.exit_code != 0) {
    error = "openssl " + arguments + " failed (" + std::to_string(result.exit_code) + "): " + result.output;
    return false;
  }
  return true;
}

bool make_ca(const std::string& dir, const std::string& name, std::string& error) {
  return openssl(dir,
                 "req -x509 " + std::string(kNewKey) + " -keyout " + name + ".key -out " + name +
                     ".crt -days 2 -subj /CN=" + name +
                     " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign",
                 error);
}

bool make_leaf(const std::string& dir, const std::string& ca, const std::string& name, const std::string& subject,
               const std::string& extensions, std::string& error) {
  write_file(dir + "/" + name + ".ext", extensions);
  return openssl(dir, "req -new " + std::string(kNewKey) + " -keyout " + name + ".key -out " + name + ".csr -subj " +
                          subject, error) &&
         openssl(dir, "x509 -req -in " + name + ".csr -CA " + ca + ".crt -CAkey " + ca + ".key -CAcreateserial -out " +
                          name + ".crt -days 2 -extfile " + name + ".ext", error);
}

}  // namespace

TestCertificates make_test_certificates(const std::string& dir) {
  TestCertificates certificates;
  const std::string server_extensions =
      "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n";
  const std::string client_extensions = "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n";
  std::string& error = certificates.error;
  const bool made = make_ca(dir, "ca", error) && make_ca(dir, "stranger-ca", error) &&
                    make_leaf(dir, "ca", "server", "/CN=127.0.0.1", server_extensions, error) &&
                    make_leaf(dir, "ca", "client", "/CN=smppd-test-client", client_extensions, error) &&
                    make_leaf(dir, "stranger-ca", "stranger", "/CN=smppd-test-stranger", client_extensions, error);
  if (!made) return certificates;
  certificates.ca_cert = dir + "/ca.crt";
  certificates.server_cert = dir + "/server.crt";
  certificates.server_key = dir + "/server.key";
  certificates.client_cert = dir + "/client.crt";
  certificates.client_key = dir + "/client.key";
  certificates.stranger_cert = dir + "/stranger.crt";
  certificates.stranger_key = dir + "/stranger.key";
  return certificates;
}

}  // namespace smppd::testing
