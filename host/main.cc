// smppd: the SMPP proxy. Until the listener lands this prints its version and exits.
#include <boost/program_options.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

#include "smppd/host_version.h"
#include "smppd/version.h"

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("smppd options");
  options.add_options()
    ("help,h", "print this help and exit")
    ("version", "print the product and plugin ABI versions and exit");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, options), args);
    po::notify(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smppd: %s\n", e.what());
    return 1;
  }
  if (args.count("help")) {
    std::cout << options << "\n";
    return 0;
  }
  if (args.count("version")) {
    std::printf("smppd %s (plugin ABI %d.%d)\n", smppd::kProductVersion, SMPPD_ABI_VERSION_MAJOR,
                SMPPD_ABI_VERSION_MINOR);
    return 0;
  }
  std::fprintf(stderr, "smppd: the SMPP listener is not built yet; run 'smppd --version'\n");
  return 2;
}
