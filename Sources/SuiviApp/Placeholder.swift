// SuiviApp
