/*
 * serial.c: the 8250/16550 UART on COM1 as the kernel console (polled
 * transmit, 115200 8N1) and as the tty's input (receive interrupt, IRQ4).
 */
#include <linux/kernel.h>
#include <linux/console.h>
#include <asm/io.h>

#define COM1 0x3f8
#define UART_RX 0
#define UART_TX 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

void serial_init(void)
{
	outb(0x00, COM1 + UART_IER);
	outb(0x80, COM1 + UART_LCR);	/* DLAB */
	outb(0x01, COM1 + 0);		/* 115200 baud */
	outb(0x00, COM1 + 1);
	outb(0x03, COM1 + UART_LCR);	/* 8N1 */
	outb(0x07, COM1 + UART_FCR);	/* FIFOs on, cleared */
	outb(0x0b, COM1 + UART_MCR);	/* DTR RTS OUT2 */
}

static void serial_putc(char c)
{
	int spins = 100000;
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && --spins)
		;
	outb(c, COM1 + UART_TX);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

/* Receive side: enable the "data available" interrupt. */
void serial_enable_rx_irq(void)
{
	outb(0x01, COM1 + UART_IER);
}

int serial_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_RX);
}
