// SuiviKafka
