"""The employer area: post vacancies, follow their review, views and apply clicks (blueprint `employers`)."""
