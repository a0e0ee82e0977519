"""Booking an appointment at the physical loket (blueprint `appointments`): choose a day and a
slot, get a confirmation with a calendar file, change or cancel it through the link in the mail."""
