"""The guide: the content pages by topic, one page with its citable sections, and the glossary."""
