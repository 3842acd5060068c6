-- unqualified: lands in the mtest schema
CREATE TABLE items (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);
