// Codec throughput: decode and encode of the two PDUs that dominate real traffic, a 160-character
// GSM-7 submit_sm and a deliver_sm delivery receipt. docs/benchmarks.md has the numbers.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"

namespace smppd::codec {
namespace {

Pdu submit_sm_160() {
  Pdu pdu;
  pdu.command_id = CommandId::submit_sm;
  pdu.sequence_number = 123456;
  pdu.source_addr_ton = 5;
  pdu.source_addr = "smppd";
  pdu.dest_addr_ton = 1;
  pdu.dest_addr_npi = 1;
  pdu.destination_addr = "447700900123";
  pdu.registered_delivery = 1;
  pdu.data_coding = 0;
  std::string text;
  while (text.size() < 160) text += "The quick brown fox jumps over the lazy dog. ";
  pdu.short_message = text.substr(0, 160);  // unpacked GSM-7 septets, as SMPP carries them
  return pdu;
}

Pdu delivery_receipt() {
  Pdu pdu;
  pdu.command_id = CommandId::deliver_sm;
  pdu.sequence_number = 654321;
  pdu.source_addr_ton = 1;
  pdu.source_addr_npi = 1;
  pdu.source_addr = "447700900123";
  pdu.dest_addr_ton = 5;
  pdu.destination_addr = "smppd";
  pdu.esm_class = kEsmClassDeliveryReceipt;
  pdu.short_message =
      "id:7f3a9c2e11 sub:001 dlvrd:001 submit date:2511260101 done date:2511260102 stat:DELIVRD err:000 "
      "text:The quick brown fox";
  pdu.tlvs.set_cstring(tlv::kReceiptedMessageId, "7f3a9c2e11");
  pdu.tlvs.set_u8(tlv::kMessageState, 2);
  pdu.tlvs.set(tlv::kNetworkErrorCode, std::string("\x03\x00\x00", 3));
  return pdu;
}

std::vector<uint8_t> wire(const Pdu& pdu) {
  std::vector<uint8_t> bytes;
  if (encode_pdu(pdu, bytes).failed()) std::abort();
  return bytes;
}

void decode(benchmark::State& state, const Pdu& sample) {
  const auto bytes = wire(sample);
  for (auto _ : state) {
    Pdu pdu;
    const DecodeError error = decode_pdu(bytes, pdu);
    benchmark::DoNotOptimize(error);
    benchmark::DoNotOptimize(pdu);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void encode(benchmark::State& state, const Pdu& sample) {
  // A session reuses its write buffer, so the buffer's capacity survives between PDUs.
  std::vector<uint8_t> out;
  out.reserve(512);
  for (auto _ : state) {
    out.clear();
    const EncodeError error = encode_pdu(sample, out);
    benchmark::DoNotOptimize(error);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size()));
}

void BM_DecodeSubmitSm160Gsm7(benchmark::State& state) { decode(state, submit_sm_160()); }
void BM_EncodeSubmitSm160Gsm7(benchmark::State& state) { encode(state, submit_sm_160()); }
void BM_DecodeDeliverSmReceipt(benchmark::State& state) { decode(state, delivery_receipt()); }
void BM_EncodeDeliverSmReceipt(benchmark::State& state) { encode(state, delivery_receipt()); }

// The baseline in the same run: copying the PDU's bytes into a fresh buffer, which any decoder
// that owns its result must at least do. Ratios against it travel between machines.
void BM_BaselineCopySubmitSm160(benchmark::State& state) {
  const auto bytes = wire(submit_sm_160());
  for (auto _ : state) {
    std::string copy(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_BaselineCopySubmitSm160);
BENCHMARK(BM_DecodeSubmitSm160Gsm7);
BENCHMARK(BM_EncodeSubmitSm160Gsm7);
BENCHMARK(BM_DecodeDeliverSmReceipt);
BENCHMARK(BM_EncodeDeliverSmReceipt);

}  // namespace
}  // namespace smppd::codec
