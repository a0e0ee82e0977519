"""Job alerts without an account (blueprint `alerts`): save the list's filters with an e-mail address,
confirm by the link in a mail, get a daily or weekly digest, manage or unsubscribe in one click."""
