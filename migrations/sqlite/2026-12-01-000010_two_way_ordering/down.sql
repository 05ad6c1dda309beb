DROP TABLE order_events;
DROP TABLE order_needs;
DROP TABLE orders;
DROP TABLE menu_item_months;
DROP TABLE menu_item_areas;
DROP TABLE menu_items;
