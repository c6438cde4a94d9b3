#ifndef SUIVI_CRDKAFKA_SHIM_H
#define SUIVI_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

// Macros with casts are not imported into Swift; these constants stand in for them.
static const int32_t suivi_rd_kafka_partition_ua = RD_KAFKA_PARTITION_UA;
static const int64_t suivi_rd_kafka_offset_beginning = RD_KAFKA_OFFSET_BEGINNING;
static const int64_t suivi_rd_kafka_offset_end = RD_KAFKA_OFFSET_END;
static const int64_t suivi_rd_kafka_offset_stored = RD_KAFKA_OFFSET_STORED;
static const int64_t suivi_rd_kafka_offset_invalid = RD_KAFKA_OFFSET_INVALID;
static const int suivi_rd_kafka_msg_f_copy = RD_KAFKA_MSG_F_COPY;
static const int suivi_rd_kafka_purge_f_queue = RD_KAFKA_PURGE_F_QUEUE;
static const int suivi_rd_kafka_purge_f_inflight = RD_KAFKA_PURGE_F_INFLIGHT;

#endif
