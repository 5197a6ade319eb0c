"""The quarterly update as a document: figures from the data (figures), the document drafted from
them in English, French or Arabic with the coordinator's edits (document), its states and versions
(services), and its PDF and Word files (files)."""
