// SuiviStore
