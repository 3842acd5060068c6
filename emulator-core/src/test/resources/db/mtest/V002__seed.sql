INSERT INTO items (id, name) VALUES (1, 'a');
INSERT INTO items (id, name) VALUES (2, 'b');
