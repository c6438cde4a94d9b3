// SuiviPostgres
