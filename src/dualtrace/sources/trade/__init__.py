"""Trade evidence in tables: customs declarations and bills of lading, UN Comtrade statistics."""
